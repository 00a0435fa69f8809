package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * One name slot per name text, whichever way the name reaches the run writer: as a decoded name (the
 * ingest, found by its wire form) or as text (the migration). The text map is filled only from the first
 * look-up by text, so names made by wire before that must still be found by their text, and names made
 * by wire after it must be entered in it.
 */
class RunWriterNameSlotsTest {

  @Test
  void aNameReachedByWireAndByTextIsOneSlot() throws Exception {
    List<RunOutput.RunCount> counts = new ArrayList<>();
    RunWriter w = new RunWriter(sink(counts), 1, 1, 1_000_000, 0);
    w.add(tx(0, "a.example"), DnsName.parse("a.example")); // by wire, before any look-up by text
    w.add(tx(1, "a.example"), null); // by text: must find the slot made by wire
    w.add(tx(2, "b.example"), DnsName.parse("b.example")); // by wire, after: entered for text look-ups
    w.add(tx(3, "b.example"), null);
    w.add(tx(4, "A.example"), DnsName.parse("A.example")); // another text: a slot of its own
    w.add(tx(5, "a.example"), DnsName.parse("a.example")); // a new name object, same wire
    w.add(tx(6, "c.example"), null); // by text first, then by wire
    w.add(tx(7, "c.example"), DnsName.parse("c.example"));
    w.finish();
    assertThat(counts.stream().filter(c -> c.kind().equals("name")).map(c -> c.item() + "=" + c.count()))
        .containsExactlyInAnyOrder("a.example=3", "b.example=2", "A.example=1", "c.example=2");
  }

  @Test
  void anIngestThatNeverLooksUpByTextStillCountsEveryName() throws Exception {
    List<RunOutput.RunCount> counts = new ArrayList<>();
    RunWriter w = new RunWriter(sink(counts), 1, 1, 1_000_000);
    for (int i = 0; i < 3_000; i++) {
      String name = "n" + (i % 1_000) + ".example";
      w.add(tx(i, name), DnsName.parse(name));
    }
    w.finish();
    List<RunOutput.RunCount> names = counts.stream().filter(c -> c.kind().equals("name")).toList();
    assertThat(names).hasSize(RunWriter.TOP_PER_RUN);
    assertThat(names).allSatisfy(c -> assertThat(c.count()).isEqualTo(3));
    assertThat(names).extracting(RunOutput.RunCount::item).doesNotHaveDuplicates();
  }

  /** A transaction of client 10.0.0.(i % 250) asking {@code qname} (also used by other run writer tests). */
  static TxInput tx(int i, String qname) {
    IpAddress client = IpAddress.parse("10.0.0." + (i % 250));
    IpAddress server = IpAddress.parse("192.0.2.53");
    return new TxInput(0, (long) i, null, 1_000_000_000_000L + i * 1_000L, null, client, 40000, server, 53, 0, 0,
        i & 0xffff, qname, 1, 1, 0, 0, 0, 0x0100, null, 0, 0, null, null, null, new byte[] {1, 2}, null,
        List.of(), List.of());
  }

  private static RunOutput sink(List<RunOutput.RunCount> counts) {
    return new RunOutput() {
      @Override
      public void block(EncodedBlock block) {}

      @Override
      public void pages(List<SegmentPage> pages) {}

      @Override
      public void counts(List<RunCount> c) {
        counts.addAll(c);
      }
    };
  }
}
