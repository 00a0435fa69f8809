package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link SegmentPage#scanRuns} visits exactly the entries {@link SegmentPage#scan} visits, and says "same key"
 * exactly when an entry's key equals the previous entry's of the page (visited or not: the range's low bound
 * skips entries): the passive-DNS name query trusts the flag instead of comparing keys.
 */
class SegmentPageScanRunsProperties {

  /** Sorted keys with many repeats, prefixes of each other and an empty key now and then. */
  @Provide
  Arbitrary<List<byte[]>> sortedKeys() {
    Arbitrary<byte[]> key = Arbitraries.of("", "jp", "jp.a", "jp.a.b", "jp.ab", "jp.b", "jp.b.www", "jpx")
        .map(s -> s.getBytes(StandardCharsets.US_ASCII));
    return key.list().ofMinSize(1).ofMaxSize(400).map(l -> {
      List<byte[]> sorted = new ArrayList<>(l);
      sorted.sort(Arrays::compareUnsigned);
      return sorted;
    });
  }

  @Property
  void sameKeyIsTheFrontCodingsWholeSharedKey(@ForAll("sortedKeys") List<byte[]> keys,
      @ForAll("bound") String lo, @ForAll("bound") String hi) {
    byte[] loKey = lo.isEmpty() ? null : lo.getBytes(StandardCharsets.US_ASCII);
    byte[] hiKey = hi.isEmpty() ? null : hi.getBytes(StandardCharsets.US_ASCII);
    SegmentPage.Builder b = new SegmentPage.Builder(SegmentKind.NAME, 0);
    for (int i = 0; i < keys.size(); i++) {
      byte[] value = {(byte) i, (byte) (i >> 8)};
      b.add(keys.get(i), value, value.length);
    }
    List<SegmentPage> pages = b.finish();
    assertThat(pages).hasSize(1); // a few hundred short entries: one page, whose entries are the list
    // what a scan of lo..hi must give: the entries in the bounds, in order (the keys are sorted)
    List<String> expectedEntries = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      byte[] k = keys.get(i);
      if ((loKey == null || Arrays.compareUnsigned(k, loKey) >= 0)
          && (hiKey == null || Arrays.compareUnsigned(k, hiKey) <= 0)) {
        expectedEntries.add(new String(k, StandardCharsets.US_ASCII) + "=" + i);
      }
    }
    for (SegmentPage page : pages) {
      List<String> plain = new ArrayList<>();
      SegmentPage.scan(page.data(), loKey, hiKey, (k, len, d, off, vlen) -> {
        plain.add(new String(k, 0, len, StandardCharsets.US_ASCII) + "=" + (d[off] & 0xff | (d[off + 1] & 0xff) << 8));
        return true;
      });
      List<String> runs = new ArrayList<>();
      List<Boolean> same = new ArrayList<>();
      SegmentPage.scanRuns(page.data(), loKey, hiKey, (k, len, sameKey, d, off, vlen) -> {
        int index = d[off] & 0xff | (d[off + 1] & 0xff) << 8;
        runs.add(new String(k, 0, len, StandardCharsets.US_ASCII) + "=" + index);
        same.add(sameKey);
        boolean expected = index > 0 && Arrays.equals(keys.get(index - 1), keys.get(index));
        assertThat(sameKey).as("entry " + index).isEqualTo(expected);
        return true;
      });
      assertThat(runs).isEqualTo(expectedEntries);
      assertThat(plain).isEqualTo(expectedEntries);
    }
  }

  @Provide
  Arbitrary<String> bound() {
    return Arbitraries.of("", "jp", "jp.a", "jp.a.b", "jp.b", "jpx");
  }
}
