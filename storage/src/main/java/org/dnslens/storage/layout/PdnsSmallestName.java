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
    Smallest min = new Smallest();
    byte[] lastKey = new byte[SegmentPage.MAX_KEY_BYTES];
    int[] lastLen = {-1};
    SegmentPage.scan(page, null, null, (key, len, d, off, vlen) -> {
      ByteReader r = codec.open(d, off, vlen);
      int n = r.readInt();
      if (n == 0) {
        if (len == lastLen[0] && Arrays.equals(lastKey, 0, len, key, 0, len)) {
          return true; // the same key's name again (a name has an entry per type and data)
        }
        System.arraycopy(key, 0, lastKey, 0, len);
        lastLen[0] = len;
        min.offerKey(key, len);
      } else {
        min.offerName(d, r.position(), n);
      }
      return true;
    });
    return min.text == null ? null : min.text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The smallest lower-case name offered so far, as {@link String#compareTo} orders them. A name is compared
   * where it lies, lower-cased a byte at a time, and becomes a {@code String} only when it is smaller: the
   * {@code String}s made for every entry (the key's forward form from a list of labels, its lower-case copy)
   * were 3.3 % of a 1 M ingest's allocated bytes, on the case writer's thread in the run's end (session 27).
   * Only ASCII is compared so (names' text is ASCII: other bytes are escaped); anything else takes the
   * {@code String} path, whose order is the definition.
   */
  static final class Smallest {
    String text;
    private byte[] forward = new byte[64];
    private int[] dots = new int[64];

    /** A passive-DNS key: the reversed lower-case name ({@code com.example.www}). */
    void offerKey(byte[] key, int len) {
      int labels = 0;
      for (int i = 0; i < len; i++) {
        int b = key[i];
        if (b < 0) { // not ASCII
          offer(NameKeys.forward(new String(key, 0, len, StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT));
          return;
        }
        if (b == '\\') {
          i++; // escaped character (\. or \DDD's first digit): never a boundary, as NameKeys.forward
        } else if (b == '.') {
          if (labels == dots.length) {
            dots = Arrays.copyOf(dots, labels * 2);
          }
          dots[labels++] = i;
        }
      }
      if (forward.length < len) {
        forward = new byte[Math.max(len, forward.length * 2)];
      }
      // The labels in reverse order: the last (after the last dot) first.
      int o = 0;
      int end = len;
      for (int k = labels - 1; k >= -1; k--) {
        int from = k >= 0 ? dots[k] + 1 : 0;
        for (int i = from; i < end; i++) {
          forward[o++] = lower(key[i]);
        }
        if (k >= 0) {
          forward[o++] = '.';
          end = dots[k];
        }
      }
      if (text == null || compare(forward, 0, o) < 0) {
        text = new String(forward, 0, o, StandardCharsets.US_ASCII);
      }
    }

    /** A name as sent (any case), UTF-8 at {@code d[off, off + n)}. */
    void offerName(byte[] d, int off, int n) {
      for (int i = off; i < off + n; i++) {
        if (d[i] < 0) {
          offer(new String(d, off, n, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
          return;
        }
      }
      if (text == null || compare(d, off, n) < 0) {
        byte[] lower = new byte[n];
        for (int i = 0; i < n; i++) {
          lower[i] = lower(d[off + i]);
        }
        text = new String(lower, StandardCharsets.US_ASCII);
      }
    }

    private void offer(String lower) {
      if (text == null || lower.compareTo(text) < 0) {
        text = lower;
      }
    }

    /** {@code String.compareTo} of the lower-cased ASCII {@code a[off, off + n)} with {@link #text}. */
    private int compare(byte[] a, int off, int n) {
      int m = Math.min(n, text.length());
      for (int i = 0; i < m; i++) {
        int c = lower(a[off + i]) - text.charAt(i);
        if (c != 0) {
          return c;
        }
      }
      return n - text.length();
    }

    private static byte lower(byte b) {
      return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
  }
}
