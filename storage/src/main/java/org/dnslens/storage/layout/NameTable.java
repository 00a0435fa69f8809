package org.dnslens.storage.layout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The name table of one run's part (schema V8, {@link SegmentKind#NAME_TABLE}): names as sent, numbered
 * 0, 1, 2, ... ({@code ordinals}), stored as plain segment pages whose key is the ordinal (4 bytes,
 * big-endian, so the directory's first and last key of a page are its ordinal range) and whose value is the
 * name's UTF-8 text. {@code PDNS_IP} and {@code NAME_BY_CLIENT} values of {@link
 * SegmentPage#FORMAT_NAME_ORDINALS} pages hold the ordinal (a varint of ~3 bytes) instead of the text (~20
 * bytes, random to the page's compressor because these pages are ordered by address): measured on a 1 M case,
 * 13.7 MB smaller pages for a 2.2 MB table.
 *
 * <p>A writer numbers the names in reversed-name key order, so neighbouring names share their domain and
 * the table compresses well. A reader loads a page of the table the first time one of its ordinals is
 * asked for and keeps it: a query that names a few addresses reads a page or two, one that reads a whole
 * kind ends up with the whole table (~275 k names for 1 M transactions) in memory.
 */
public final class NameTable {
  /** A table with no names (a part that wrote none): any ordinal is a damaged case. */
  public static final NameTable EMPTY = new NameTable(new long[0], new int[0], id -> {
    throw new IllegalStateException("no name table page " + id);
  });

  private final long[] pageIds;
  private final int[] firstOrdinal;
  private final SegmentMerge.PageSource source;
  private final String[][] loaded;

  /**
   * A reader over the pages of one table, in page order, with each page's first key ({@link #key} of its
   * first ordinal).
   */
  public NameTable(long[] pageIds, int[] firstOrdinal, SegmentMerge.PageSource source) {
    this.pageIds = pageIds;
    this.firstOrdinal = firstOrdinal;
    this.source = source;
    this.loaded = new String[pageIds.length][];
  }

  /** The ordinal a table page's key stands for. */
  public static int ordinal(byte[] key) {
    if (key.length != 4) {
      throw new IllegalStateException("bad name table key (damaged case file?)");
    }
    return (key[0] & 0xff) << 24 | (key[1] & 0xff) << 16 | (key[2] & 0xff) << 8 | (key[3] & 0xff);
  }

  /** The key of an ordinal: 4 bytes big-endian, so keys sort as ordinals do. */
  public static byte[] key(int ordinal) {
    return new byte[] {(byte) (ordinal >>> 24), (byte) (ordinal >>> 16), (byte) (ordinal >>> 8), (byte) ordinal};
  }

  /** The name of {@code ordinal}; a missing one is the usual damaged-case error. */
  public String name(int ordinal) {
    int p = Arrays.binarySearch(firstOrdinal, ordinal);
    if (p < 0) {
      p = -p - 2;
    }
    if (p < 0 || ordinal < 0) {
      throw missing(ordinal);
    }
    String[] names = loaded[p];
    if (names == null) {
      names = load(p);
      loaded[p] = names;
    }
    int i = ordinal - firstOrdinal[p];
    if (i >= names.length) {
      throw missing(ordinal);
    }
    return names[i];
  }

  private String[] load(int p) {
    byte[] page = source.page(pageIds[p]);
    List<String> names = new ArrayList<>();
    int first = firstOrdinal[p];
    SegmentPage.scan(page, null, null, (key, len, d, off, vlen) -> {
      if (len != 4 || ordinal(Arrays.copyOf(key, 4)) != first + names.size()) {
        throw new IllegalStateException("name table page out of order (damaged case file?)");
      }
      names.add(new String(d, off, vlen, StandardCharsets.UTF_8));
      return true;
    });
    return names.toArray(new String[0]);
  }

  private static IllegalStateException missing(int ordinal) {
    return new IllegalStateException("name " + ordinal + " is not in its name table (damaged case file?)");
  }

  /** Builds the pages of a table: names added in ordinal order, from 0. */
  public static final class Writer {
    private final SegmentPage.Builder pages;
    private int next;

    public Writer(int part) {
      pages = new SegmentPage.Builder(SegmentKind.NAME_TABLE, part);
    }

    /** Adds the next name; returns its ordinal. */
    public int add(String name) {
      byte[] text = name.getBytes(StandardCharsets.UTF_8);
      pages.add(key(next), text, text.length);
      return next++;
    }

    /** Names added so far. */
    public int size() {
      return next;
    }

    /** Full pages so far, handed over and forgotten (see {@link SegmentPage.Builder#drainFull}). */
    public List<SegmentPage> drainFull() {
      return pages.drainFull();
    }

    public List<SegmentPage> finish() {
      return pages.finish();
    }
  }
}
