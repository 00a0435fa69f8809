package org.dnslens.storage.layout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.dnslens.storage.casefile.NameKeys;

/**
 * The smallest name of a {@code PDNS_NAME} page in the order of {@code pdns name}'s rows: the lower-case name
 * of each entry (the name as sent lower-cased, or the key's own name when the value elides it), compared as
 * {@code String}s. Stored beside the page in the directory ({@code seg_page.min_name}, schema V12).
 *
 * <p>Why: a wildcard's first rows ({@code *.jp}: {@code _imaps._tcp.<domain>.jp} of the alphabetically first
 * domains) lie in pages all over the range, because keys are reversed names; without this a query read every
 * page of the range (1 022 pages, 34 MB inflated, 740 k entries for {@code *.jp} at 10 M transactions). With
 * it, a page whose smallest name sorts after the rows already held is not read at all, and reading the pages
 * in the order of their smallest names brings that bound down early: 400 of those 1 022 pages hold a name at
 * or before the 1 000th row's.
 */
public final class PdnsSmallestName {
  private PdnsSmallestName() {}

  /**
   * The smallest lower-case name of the entries of {@code page} (inflated data of a {@code PDNS_NAME} page of
   * any format), as UTF-8; null for a page without entries.
   */
  public static byte[] of(byte[] page) {
    AggregateCodec codec = AggregateCodec.of(SegmentKind.PDNS_NAME);
    String[] min = {null};
    byte[] lastKey = new byte[SegmentPage.MAX_KEY_BYTES];
    int[] lastLen = {-1};
    SegmentPage.scan(page, null, null, (key, len, d, off, vlen) -> {
      ByteReader r = codec.open(d, off, vlen);
      int n = r.readInt();
      String lower;
      if (n == 0) {
        if (len == lastLen[0] && Arrays.equals(lastKey, 0, len, key, 0, len)) {
          return true; // the same key's name again (a name has an entry per type and data)
        }
        System.arraycopy(key, 0, lastKey, 0, len);
        lastLen[0] = len;
        lower = NameKeys.forward(new String(key, 0, len, StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT);
      } else {
        lower = new String(d, r.position(), n, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      }
      if (min[0] == null || lower.compareTo(min[0]) < 0) {
        min[0] = lower;
      }
      return true;
    });
    return min[0] == null ? null : min[0].getBytes(StandardCharsets.UTF_8);
  }
}
