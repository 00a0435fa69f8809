package org.dnslens.storage.layout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Section;

/**
 * Where a {@code PDNS_NAME} entry's long TXT/SPF data lies in a stored block (schema V10): answer record
 * {@code record} of the reply of row {@code row} of block {@code block}, plus a {@code fingerprint} of the
 * text (CRC-32C of its UTF-8 bytes) that tells entries with different data apart without reading blocks.
 *
 * <p>Why: the TXT data of the generated captures (random DKIM-like keys and tokens, ~165 base64 characters
 * each, one per reply) was 23.8 of the 42.8 MB of {@code PDNS_NAME} pages per 1 M transactions, and the same
 * bytes sit in the blocks' wire (the replies). A reference is ~10 bytes. Blocks are never rewritten (not by
 * {@code compact} either), so a reference stays valid for the life of the case. Equality of two entries is
 * still decided on the text ({@link #text}), a fingerprint only rules equality out.
 *
 * <p>Only records whose text the engine derives from the rdata bytes alone are referenced (TXT/SPF rdata
 * rendered by {@code ResourceRecord}'s own rule), and the writer checks that {@link #text} of the reply gives
 * the entry's text back before it writes a reference ({@code RunWriter}), so a reader rebuilds it byte for byte.
 *
 * <p>Since schema V13 a reference also carries the text's first characters, {@code prefix} ("" in references
 * written before: nothing known), always shorter than the text, as many as the writer needed to tell the text
 * apart from its neighbours in the order of the texts of its name and type ({@link #prefixLengths}), plus
 * {@link #PREFIX_SLACK_CHARS}. Why: {@code pdns name} orders a name's rows of one type by their text, and a
 * TXT-heavy name at 10 M transactions ({@code _keys.harbormatrix.io}, ~100 k random texts) read every block its
 * references name (~5 k blocks, 2.5 s) to choose its first 1 000 rows; with prefixes it reads only the rows
 * whose prefix can be among them ({@link #certainlyBefore}).
 */
public record DataRef(int block, int row, int record, int fingerprint, String prefix) {
  private static final int TYPE_TXT = 16;
  private static final int TYPE_SPF = 99;
  private static final int HEADER_BYTES = 12;
  /** Pointer jumps allowed while skipping a name (a stored reply was decoded once; this is only a guard). */
  private static final int MAX_NAME_LABELS = 128;

  /**
   * Data of at least this many characters is worth a reference: a reference costs ~10 bytes (fingerprint
   * 4, block 2-3, row 1-2, record 1, tag 1) and random text ~6 bits a character after zstd.
   */
  public static final int MIN_TEXT_CHARS = 24;

  /**
   * Longest prefix stored: texts that share more than this with a neighbour (a name with many near-equal
   * texts, rare) are told apart by reading their blocks, as before V13.
   */
  public static final int MAX_PREFIX_CHARS = 64;

  /**
   * Characters stored past the point where a text differs from its nearest neighbour in its own run: prefixes
   * of one run order all its texts already; the slack (6 bits of a random base64 text) makes a tie with a text
   * of another run (whose prefixes were cut for its own neighbours) rare.
   */
  public static final int PREFIX_SLACK_CHARS = 1;

  /** A reference without a prefix (as written before schema V13). */
  public DataRef(int block, int row, int record, int fingerprint) {
    this(block, row, record, fingerprint, "");
  }

  public DataRef {
    if (prefix == null) {
      throw new IllegalArgumentException("null prefix");
    }
  }

  /**
   * Whether a text of prefix {@code a} sorts before ({@code String.compareTo}) every text of prefix {@code b},
   * whatever the rest of the two texts: they differ within the shorter prefix and {@code a} is the smaller
   * there. A prefix that begins the other (or is equal, or "") says nothing.
   */
  public static boolean certainlyBefore(String a, String b) {
    int i = commonPrefix(a, b);
    return i < Math.min(a.length(), b.length()) && a.charAt(i) < b.charAt(i);
  }

  /**
   * Whether a text {@code t} (known whole) sorts before every text of prefix {@code p}, which is shorter than
   * its text: {@code t <= p} then gives {@code t <= p < the text}.
   */
  public static boolean textBefore(String t, String p) {
    return t.compareTo(p) <= 0;
  }

  /**
   * The prefix length to store for each of {@code sorted} (distinct texts of one name and type in one run, in
   * {@code String} order): one character past the longest prefix it shares with a neighbour, plus {@link
   * #PREFIX_SLACK_CHARS}, at most {@link #MAX_PREFIX_CHARS} and always shorter than the text (so {@link
   * #textBefore} holds). A lone text gets the slack only.
   */
  public static int[] prefixLengths(List<String> sorted) {
    int n = sorted.size();
    int[] out = new int[n];
    int prevLcp = 0;
    for (int i = 0; i < n; i++) {
      String t = sorted.get(i);
      int nextLcp = i + 1 < n ? commonPrefix(t, sorted.get(i + 1)) : 0;
      int want = Math.max(prevLcp, nextLcp) + 1 + PREFIX_SLACK_CHARS;
      int len = Math.min(Math.min(want, MAX_PREFIX_CHARS), t.length() - 1);
      // never split a surrogate pair: the prefix is stored as UTF-8
      if (len > 0 && Character.isHighSurrogate(t.charAt(len - 1))) {
        len--;
      }
      out[i] = Math.max(0, len);
      prevLcp = nextLcp;
    }
    return out;
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /** Whether data of this type is a kind a reference can rebuild. */
  public static boolean referable(int type) {
    return type == TYPE_TXT || type == TYPE_SPF;
  }

  /** The fingerprint of a data text. */
  public static int fingerprint(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  /**
   * Whether {@code data}, the text of answer record {@code record} of type {@code type} of {@code reply}, may
   * be stored as a reference to that record: it is long enough to be worth one, of a referable type, and
   * the reply's bytes give it back exactly ({@link #text}).
   */
  public static boolean givesBack(byte[] reply, int record, int type, String data) {
    return data != null && data.length() >= MIN_TEXT_CHARS && referable(type) && data.equals(text(reply, record));
  }

  /**
   * The presentation text of answer record {@code record} (0-based) of the DNS message {@code reply}, when
   * it is a TXT/SPF record: the same text the engine's decoder gives that record ({@code RData.Txt} rendered
   * by {@code ResourceRecord}); null when the message does not hold such a record there (which, for a
   * reference read from a page, means a damaged case file).
   */
  public static String text(byte[] reply, int record) {
    if (reply == null || reply.length < HEADER_BYTES || record < 0) {
      return null;
    }
    int qd = u16(reply, 4);
    int an = u16(reply, 6);
    if (record >= an) {
      return null;
    }
    int p = HEADER_BYTES;
    for (int i = 0; i < qd; i++) {
      p = skipName(reply, p);
      if (p < 0 || p + 4 > reply.length) {
        return null;
      }
      p += 4;
    }
    for (int i = 0; ; i++) {
      p = skipName(reply, p);
      if (p < 0 || p + 10 > reply.length) {
        return null;
      }
      int type = u16(reply, p);
      int rdlen = u16(reply, p + 8);
      int at = p + 10;
      int end = at + rdlen;
      if (end > reply.length) {
        return null;
      }
      if (i == record) {
        return referable(type) ? txt(reply, at, end, type) : null;
      }
      p = end;
    }
  }

  /** The text the decoder gives TXT rdata {@code m[at, end)}, or null when its strings overrun it. */
  private static String txt(byte[] m, int at, int end, int type) {
    List<String> strings = new ArrayList<>(1);
    for (int p = at; p < end; ) {
      int n = m[p] & 0xff;
      if (p + 1 + n > end) {
        return null;
      }
      strings.add(new String(m, p + 1, n, StandardCharsets.ISO_8859_1));
      p += 1 + n;
    }
    return new ResourceRecord(Section.ANSWER, DnsName.ROOT, type, 1, 0, null, new RData.Txt(List.copyOf(strings)))
        .data();
  }

  /** The offset after the name at {@code p} (a pointer ends it), or -1 when it overruns the message. */
  private static int skipName(byte[] m, int p) {
    for (int labels = 0; labels < MAX_NAME_LABELS; labels++) {
      if (p >= m.length) {
        return -1;
      }
      int len = m[p] & 0xff;
      if (len == 0) {
        return p + 1;
      }
      if ((len & 0xc0) == 0xc0) {
        return p + 2 <= m.length ? p + 2 : -1;
      }
      if ((len & 0xc0) != 0) {
        return -1;
      }
      p += 1 + len;
    }
    return -1;
  }

  private static int u16(byte[] m, int at) {
    return (m[at] & 0xff) << 8 | (m[at + 1] & 0xff);
  }
}
