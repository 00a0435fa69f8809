package org.dnslens.engine.ioc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocKind;

/**
 * Domain indicators keyed by every label-aligned suffix, in one open-addressing table: a reversed-label
 * trie flattened into a hash. A lookup walks the name from its last label leftwards, hashing as it goes
 * (no substring is made), and stops at the first suffix no indicator ends with, so a benign name costs
 * about two probes ({@code com}, then {@code example.com}). Suffixes are only tried at label boundaries,
 * so {@code notevil.com} never meets {@code evil.com}; a dot escaped inside a label ({@code \.}) is not a
 * boundary.
 */
final class DomainSuffixTable {
  /** The table never fills beyond this fraction (in percent); it doubles first. */
  private static final int MAX_LOAD_PERCENT = 50;

  private String[] keys;
  private int[] hashes;
  /** Indicators that match the key and names below it. */
  private Ioc[][] subtree;
  /** Indicators that match the key only. */
  private Ioc[][] exact;
  private int mask;
  private int size;
  /**
   * A blocked Bloom filter over the stored hashes (two bits in one 64-bit word, four filter bits per
   * slot): about an eighth the size of {@code hashes}, so it stays in cache where the table cannot, and
   * the usual miss (a benign name's second-level domain) costs no memory access beyond it.
   */
  private long[] filter;
  private int filterMask;

  /** A table for domain indicators; with {@code exactOnly}, DOMAIN indicators match like DOMAIN_EXACT. */
  DomainSuffixTable(List<Ioc> domains, boolean exactOnly) {
    // About two distinct suffixes per indicator in real lists (name + shared parents); the table grows
    // if that guess is short.
    long want = Math.max(16L, (long) domains.size() * 2 * 100 / MAX_LOAD_PERCENT);
    allocate(Integer.highestOneBit((int) Math.min(1 << 30, want) - 1) << 1);
    for (Ioc i : domains) {
      insert(i, exactOnly || i.kind() == IocKind.DOMAIN_EXACT);
    }
  }

  int size() {
    return size;
  }

  private void insert(Ioc ioc, boolean exactMatch) {
    String d = ioc.value();
    int h = 0;
    int slot = -1;
    for (int i = d.length() - 1; i >= -1; i--) {
      if (i == -1 || d.charAt(i) == '.') {
        slot = slotFor(h, d, i + 1, d.length(), true);
      }
      if (i >= 0) {
        h = h * 31 + d.charAt(i);
      }
    }
    Ioc[][] into = exactMatch ? exact : subtree;
    Ioc[] old = into[slot];
    if (old == null) {
      into[slot] = new Ioc[] {ioc};
    } else {
      Ioc[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = ioc;
      into[slot] = grown;
    }
  }

  /**
   * Calls {@code sink} for every indicator matching {@code name} (lower-case presentation format, no final
   * dot). Allocates nothing when nothing matches.
   */
  void match(String name, IocMatcher.IocSink sink) {
    int end = name.length();
    int h = 0;
    for (int i = end - 1; i >= -1; i--) {
      if (i == -1 || (name.charAt(i) == '.' && !escaped(name, i))) {
        if (i + 1 == end) {
          return; // empty last label: the root, or a name ending in an escaped backslash-dot mix
        }
        int slot = slotFor(h, name, i + 1, end, false);
        if (slot < 0) {
          return;
        }
        Ioc[] sub = subtree[slot];
        if (sub != null) {
          for (Ioc ioc : sub) {
            sink.hit(ioc);
          }
        }
        if (i == -1 && exact[slot] != null) {
          for (Ioc ioc : exact[slot]) {
            sink.hit(ioc);
          }
        }
      }
      if (i >= 0) {
        h = h * 31 + name.charAt(i);
      }
    }
  }

  /** {@link #screen}: an indicator matches the name. */
  static final int MAY_MATCH = 1;
  /** {@link #screen}: no indicator matches the name, but one might match a name below it. */
  static final int NO_MATCH = 0;
  /**
   * {@link #screen}: no indicator matches the name or any name ending with it: one of its suffixes is no
   * indicator's suffix, and every indicator met before it matches neither.
   */
  static final int NO_MATCH_BELOW = -1;

  /**
   * Whether the name made of {@code labels} wire labels ({@code b[start[k], start[k] + len[k])}, letters,
   * digits, {@code -} and {@code _} only, any case) matches an indicator: the walk of {@link
   * #match(String, IocMatcher.IocSink)} over the presentation text the decoder would build from those
   * labels (lower-cased, dot-separated, nothing escaped for such bytes), hashed and compared straight from
   * the bytes, so nothing is allocated.
   */
  boolean mayMatch(byte[] b, int[] start, int[] len, int labels) {
    return screen(b, start, len, labels) == MAY_MATCH;
  }

  /**
   * {@link #mayMatch} saying why not: {@link #NO_MATCH_BELOW} when the walk stopped at a suffix that no
   * indicator ends with (then no name ending with this one can match either, which lets a screen skip
   * names that point at it), else {@link #NO_MATCH} or {@link #MAY_MATCH}.
   */
  int screen(byte[] b, int[] start, int[] len, int labels) {
    int h = 0;
    int suffixLength = -1;
    for (int k = labels - 1; k >= 0; k--) {
      for (int i = start[k] + len[k] - 1; i >= start[k]; i--) {
        h = h * 31 + LOWER[b[i] & 0xff];
      }
      suffixLength += len[k] + 1;
      int slot = slotFor(h, suffixLength, b, start, len, k, labels);
      if (slot < 0) {
        return NO_MATCH_BELOW; // no indicator ends with this suffix, so none with a longer one
      }
      if (subtree[slot] != null || (k == 0 && exact[slot] != null)) {
        return MAY_MATCH;
      }
      h = h * 31 + '.';
    }
    return NO_MATCH;
  }

  /** The slot holding the text of labels [from, labels) (length {@code length}), or -1. */
  private int slotFor(int rawHash, int length, byte[] b, int[] start, int[] len, int from, int labels) {
    int h = mix(rawHash);
    if (!mayContain(h)) {
      return -1;
    }
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int stored = hashes[slot];
      if (stored == 0) {
        return -1;
      }
      if (stored == h && keys[slot].length() == length && sameText(keys[slot], b, start, len, from, labels)) {
        return slot;
      }
    }
  }

  private static boolean sameText(String key, byte[] b, int[] start, int[] len, int from, int labels) {
    int at = 0;
    for (int k = from; k < labels; k++) {
      if (k > from && key.charAt(at++) != '.') {
        return false;
      }
      for (int i = start[k], e = i + len[k]; i < e; i++) {
        if (key.charAt(at++) != LOWER[b[i] & 0xff]) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Byte to lower-case char, as a table: the screen runs this per name byte of every stored message, and
   * the launcher runs {@code ioc} with C1 only, which compiles the two comparisons as written.
   */
  private static final char[] LOWER = new char[256];

  static {
    for (int c = 0; c < 256; c++) {
      LOWER[c] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
  }

  /** Every indicator matching {@code name}, for callers off the hot path. */
  List<Ioc> match(String name) {
    List<Ioc> out = new ArrayList<>(0);
    match(name, out::add);
    return out;
  }

  /** Whether the dot at {@code i} is escaped: preceded by an odd run of backslashes. */
  private static boolean escaped(String s, int i) {
    int j = i - 1;
    while (j >= 0 && s.charAt(j) == '\\') {
      j--;
    }
    return ((i - 1 - j) & 1) == 1;
  }

  /** A well-spread hash, never 0: 0 marks an empty slot, so a miss reads {@code hashes} alone. */
  private static int mix(int h) {
    h *= 0x9E3779B1;
    h ^= h >>> 15;
    return h == 0 ? 1 : h;
  }

  /** The slot holding s[from, to), inserting it when {@code create}; -1 when absent. */
  private int slotFor(int rawHash, String s, int from, int to, boolean create) {
    int h = mix(rawHash);
    if (!create && !mayContain(h)) {
      return -1;
    }
    int len = to - from;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int stored = hashes[slot];
      if (stored == 0) {
        if (!create) {
          return -1;
        }
        if ((long) (size + 1) * 100 > (long) keys.length * MAX_LOAD_PERCENT) {
          grow();
          return slotFor(rawHash, s, from, to, true);
        }
        keys[slot] = s.substring(from, to);
        hashes[slot] = h;
        addToFilter(h);
        size++;
        return slot;
      }
      if (stored == h) {
        String k = keys[slot];
        if (k.length() == len && s.regionMatches(from, k, 0, len)) {
          return slot;
        }
      }
    }
  }

  private void allocate(int cap) {
    keys = new String[cap];
    hashes = new int[cap];
    subtree = new Ioc[cap][];
    exact = new Ioc[cap][];
    mask = cap - 1;
    int words = Math.max(1, cap / 16);
    filter = new long[words];
    filterMask = words - 1;
  }

  private void addToFilter(int h) {
    int g = h * 0x85EBCA6B;
    filter[(g >>> 7) & filterMask] |= (1L << h) | (1L << (g >>> 26));
  }

  private boolean mayContain(int h) {
    int g = h * 0x85EBCA6B;
    long m = (1L << h) | (1L << (g >>> 26));
    return (filter[(g >>> 7) & filterMask] & m) == m;
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    Ioc[][] oldSub = subtree;
    Ioc[][] oldExact = exact;
    allocate(keys.length * 2);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = oldHashes[i] & mask;
        while (hashes[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        hashes[slot] = oldHashes[i];
        addToFilter(oldHashes[i]);
        subtree[slot] = oldSub[i];
        exact[slot] = oldExact[i];
      }
    }
  }
}
