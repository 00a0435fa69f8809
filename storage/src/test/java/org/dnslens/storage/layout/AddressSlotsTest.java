package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.dnslens.engine.model.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * The run's address slots: one slot per distinct address whatever object brings it, across table growth,
 * with the keys, postings and counts the run writer's pages and tops are built from.
 */
class AddressSlotsTest {
  /** Enough addresses of each family to grow every table and array several times. */
  static final int N = 20_000;

  @Test
  void oneSlotPerAddressInFirstSeenOrderWithItsKeyAndAddress() {
    AddressSlots slots = new AddressSlots();
    for (int i = 0; i < N; i++) {
      assertThat(slots.slot(v4(i))).isEqualTo(2 * i);
      assertThat(slots.slot(v6(i))).isEqualTo(2 * i + 1);
    }
    // Equal addresses in new objects find the same slots.
    for (int i = N - 1; i >= 0; i--) {
      assertThat(slots.slot(v6(i))).isEqualTo(2 * i + 1);
      assertThat(slots.slot(v4(i))).isEqualTo(2 * i);
    }
    assertThat(slots.size()).isEqualTo(2 * N);
    // An IPv4-mapped IPv6 address is not its IPv4 address.
    IpAddress mapped = IpAddress.parse("::ffff:10.0.0.1");
    assertThat(slots.slot(mapped)).isEqualTo(2 * N);
    assertThat(slots.isIpv6(2 * N)).isTrue();
    for (int i = 0; i < N; i += 997) {
      assertThat(slots.key(2 * i)).isEqualTo(RunWriter.ipKey(v4(i)));
      assertThat(slots.key(2 * i + 1)).isEqualTo(RunWriter.ipKey(v6(i)));
      assertThat(slots.address(2 * i)).isEqualTo(v4(i));
      assertThat(slots.address(2 * i + 1)).isEqualTo(v6(i));
      assertThat(slots.isIpv6(2 * i)).isFalse();
    }
    assertThat(slots.address(2 * N)).isEqualTo(mapped);
  }

  @Test
  void postingsAreAscendingBlockIdsOncePerBlockAndRoleUntilCleared() {
    AddressSlots slots = new AddressSlots();
    int a = slots.slot(v4(1));
    int b = slots.slot(v6(2));
    for (int block = 0; block < 3000; block++) {
      slots.post(a, AddressSlots.CLIENT, block);
      slots.post(a, AddressSlots.CLIENT, block); // the same block again: posted once
      if (block % 3 == 0) {
        slots.post(b, AddressSlots.ANSWER, block);
      }
    }
    slots.post(b, AddressSlots.SERVER, 7);
    assertThat(postings(slots, a, AddressSlots.CLIENT)).isEqualTo(java.util.stream.IntStream.range(0, 3000).toArray());
    assertThat(postings(slots, b, AddressSlots.ANSWER))
        .isEqualTo(java.util.stream.IntStream.range(0, 1000).map(i -> 3 * i).toArray());
    assertThat(postings(slots, b, AddressSlots.CLIENT)).isEmpty();
    assertThat(postings(slots, a, AddressSlots.SERVER)).isEmpty();
    assertThat(postings(slots, b, AddressSlots.SERVER)).containsExactly(7);

    slots.clearPostings();
    assertThat(postings(slots, a, AddressSlots.CLIENT)).isEmpty();
    // The last block is forgotten too: the next part posts it again.
    slots.post(a, AddressSlots.CLIENT, 2999);
    assertThat(postings(slots, a, AddressSlots.CLIENT)).containsExactly(2999);
  }

  private static int[] postings(AddressSlots slots, int slot, int role) {
    PostingLog.Groups g = slots.postings();
    int owner = AddressSlots.owner(slot, role);
    return Arrays.copyOfRange(g.blocks(), g.from(owner), g.to(owner));
  }

  @Test
  void localIndexIsPerBlockAndCountsPerRole() {
    AddressSlots slots = new AddressSlots();
    int a = slots.slot(v4(9));
    assertThat(slots.localIndex(a, 0)).isEqualTo(-1);
    slots.setLocalIndex(a, 0, 5);
    assertThat(slots.localIndex(a, 0)).isEqualTo(5);
    assertThat(slots.localIndex(a, 1)).isEqualTo(-1);
    slots.countClient(a);
    slots.countClient(a);
    slots.countServer(a);
    assertThat(slots.clientCount(a)).isEqualTo(2);
    assertThat(slots.serverCount(a)).isEqualTo(1);
  }

  private static IpAddress v4(int i) {
    return IpAddress.ofIpv4(0x0a000000 + i * 7919);
  }

  private static IpAddress v6(int i) {
    byte[] b = new byte[16];
    b[0] = 0x20;
    b[1] = 0x01;
    b[7] = (byte) i;
    b[15] = (byte) (i >>> 8);
    b[11] = (byte) (i >>> 16);
    return IpAddress.of(b);
  }
}
