package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.NameKeys;
import org.dnslens.storage.layout.TxBlock;
import org.dnslens.storage.layout.TxInput;

/**
 * A search's row filter compares a block's names and addresses on the summary's bytes instead of making
 * Strings and {@link IpAddress}es of them (session 18): for every name of random blocks and every query drawn
 * from them (whole names and every parent domain, in random case, escapes and odd bytes included), the byte
 * comparisons give what the String comparisons give; and an address compares with an address key as its own
 * key does.
 */
class BlockDictionaryFilterProperties {
  private static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");

  @Provide
  Arbitrary<List<String>> names() {
    Arbitrary<byte[]> label = Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcXYZ-_09.\\").ofMinLength(1).ofMaxLength(8)
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4));
    Arbitrary<String> name = label.list().ofMinSize(0).ofMaxSize(4).map(l -> DnsName.fromLabels(l).toString());
    // text that is not DnsName's (a case migrated from an old one may hold any text): not ASCII, or odd
    Arbitrary<String> other = Arbitraries.of("caf\u00e9.example", "\u212a.example", "example", "a..b", "x.");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, name), net.jqwik.api.Tuple.of(1, other)).list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 400)
  void byteComparisonsOfNamesAgreeWithStrings(@ForAll("names") List<String> names, @ForAll long seed) {
    TxBlock b = block(names, List.of());
    boolean ascii = names.stream().allMatch(n -> n.chars().allMatch(c -> c < 0x80));
    assertThat(b.namesAscii()).isEqualTo(ascii);
    if (!ascii) {
      return; // the filter compares Strings then
    }
    Random g = new Random(seed);
    for (String n : names) {
      for (String query : parents(n)) {
        String lower = randomCase(query, g).toLowerCase(Locale.ROOT);
        byte[] bytes = TransactionSearch.lowerAscii(lower);
        for (int j = 0; j < b.nameCount(); j++) {
          assertThat(b.nameEqualsLowerAscii(j, bytes)).as("%s = %s", b.name(j), lower)
              .isEqualTo(b.name(j).equalsIgnoreCase(lower));
          if (!lower.equals(".")) {
            assertThat(TransactionSearch.underDomain(b, j, bytes)).as("%s under %s", b.name(j), lower)
                .isEqualTo(TransactionSearch.underDomain(b.name(j), lower));
          }
        }
      }
    }
  }

  @Property(tries = 400)
  void addressesCompareWithKeysAsTheirKeysDo(
      @ForAll("addresses") List<IpAddress> addresses, @ForAll("addresses") List<IpAddress> others, @ForAll int prefix) {
    TxBlock b = block(List.of("a.example"), addresses);
    List<byte[]> keys = new ArrayList<>();
    for (IpAddress o : others) {
      keys.add(NameKeys.ipKey(o));
      int bits = Math.floorMod(prefix, o.length() * 8 + 1);
      IpRange r = IpRange.parse(o + "/" + bits);
      keys.add(r.low());
      keys.add(r.high());
    }
    for (IpAddress a : addresses) {
      keys.add(NameKeys.ipKey(a));
    }
    for (int j = 0; j < b.ipCount(); j++) {
      byte[] own = NameKeys.ipKey(b.ip(j));
      for (byte[] key : keys) {
        assertThat(Integer.signum(b.compareIpKey(j, key))).isEqualTo(Integer.signum(Arrays.compareUnsigned(own, key)));
      }
    }
  }

  @Provide
  Arbitrary<List<IpAddress>> addresses() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofSize(4).map(IpAddress::of),
        Arbitraries.bytes().array(byte[].class).ofSize(16).map(IpAddress::of),
        Arbitraries.of(IpAddress.parse("10.0.0.0"), IpAddress.parse("255.255.255.255"), IpAddress.parse("::"),
            IpAddress.parse("::ffff:10.0.0.1"))).list().ofMinSize(1).ofMaxSize(6);
  }

  /** The name and every parent domain of it (split at dots that are not escaped), and the root. */
  private static List<String> parents(String name) {
    List<String> out = new ArrayList<>();
    out.add(name);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '.' && i + 1 < name.length()) {
        out.add(name.substring(i + 1));
      }
    }
    out.add(".");
    return out;
  }

  private static String randomCase(String s, Random g) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(g.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return sb.toString();
  }

  /** A block with one row per name (its query name) and the addresses as the first row's answers. */
  private static TxBlock block(List<String> names, List<IpAddress> answers) {
    TxBlock.Encoder e = new TxBlock.Encoder();
    for (int i = 0; i < names.size(); i++) {
      List<IpAddress> listed = i == 0 ? answers : List.of();
      TxInput t = new TxInput(0, (long) i, null, 1_700_000_000_000_000_000L + i, null, CLIENT, 5353, CLIENT, 53,
          0, 0, i, names.get(i), 1, 1, 0, 0, 0, 0x0100, null, 0, 0, null, null, null, null, null, listed, List.of());
      int[] idx = new int[listed.size()];
      for (int k = 0; k < idx.length; k++) {
        idx[k] = e.ip(listed.get(k));
      }
      e.add(t, e.addName(names.get(i)), e.ip(CLIENT), e.ip(CLIENT), idx, idx.length);
    }
    return TxBlock.decode(e.summary(), 1);
  }
}
