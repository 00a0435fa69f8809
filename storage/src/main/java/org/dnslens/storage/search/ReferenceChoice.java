package org.dnslens.storage.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.dnslens.storage.layout.DataRef;

/**
 * Which of a query's rows whose data is a reference into a block ({@link DataRef}) can be among its first
 * {@code limit} rows, so that only their blocks are read. Rows are grouped by (lower-case name, name as sent,
 * type), the order of {@code pdns name}'s rows; within a group the order is the text's, known before reading
 * only through the references' prefixes (schema V13; "" for references written before).
 *
 * <p>A pending row is left unread when {@code limit} rows of the whole certainly come before it: the held rows
 * (rows the caller read as text) of smaller groups or of its group and a text that sorts before its prefix, the
 * pending rows of smaller groups, and the pending rows of its own group whose prefix
 * certainly sorts before its own ({@link DataRef#certainlyBefore}). Pending rows are counted once per text
 * fingerprint (one text may be referenced by several runs: equal texts have equal fingerprints), and not at all
 * when a held row of their group has their fingerprint (it may be the same row). Counting fewer rows than there
 * are only makes more rows read, never fewer than needed; a row left unread is past the first rows, so no first
 * row needs its times or count either.
 *
 * <p>Why a walk in prefix order: the rows certainly before a row only grow along that order (a prefix that
 * differs from a smaller one within both keeps differing from every larger one), so the walk keeps the earlier
 * rows whose prefix begins the current one's (a chain: those are the only ones not certainly before it) and
 * stops at the first row with {@code limit} rows before it.
 */
final class ReferenceChoice {
  private ReferenceChoice() {}

  /** Rows of one lower-case name, name as sent and type, in output order of the three. */
  record Group(String lower, String name, int type) implements Comparable<Group> {
    @Override
    public int compareTo(Group o) {
      int c = lower.compareTo(o.lower);
      if (c == 0) {
        c = name.compareTo(o.name);
      }
      return c != 0 ? c : Integer.compare(type, o.type);
    }
  }

  /** A pending row: its group, its reference and the caller's index of it. */
  record Pending(Group group, DataRef ref, int index) {}

  /**
   * What the caller holds already (rows read as text) as seen from a group: how many held rows come before the
   * group (of smaller groups), and the texts of the group's own held rows, sorted.
   */
  record Held(long before, String[] texts) {}

  private static final Comparator<Pending> BY_PREFIX = Comparator.comparing(p -> p.ref().prefix());

  /**
   * The rows of {@code pending} to read, in group and prefix order. {@code held}: the held rows of a group.
   * Held rows certainly before a pending row: those of smaller groups and those of its group whose text sorts
   * at or before its prefix ({@link DataRef#textBefore}).
   */
  static List<Pending> toRead(List<Pending> pending, int limit, Function<Group, Held> held) {
    // grouped first, then each group sorted by prefix alone: most of a TXT-heavy name's ~100 k rows at 10 M
    // transactions are one group, and a comparator over the four fields was 12 % of the query
    TreeMap<Group, List<Pending>> groups = new TreeMap<>();
    for (Pending p : pending) {
      groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
    }
    List<Pending> out = new ArrayList<>();
    long earlierGroups = 0; // distinct pending rows of the groups before this one: all before it
    Set<Integer> groupRows = new HashSet<>(); // fingerprints of this group's rows so far
    Set<Integer> counted = new HashSet<>(); // those certainly before the current row
    ArrayDeque<Pending> open = new ArrayDeque<>(); // earlier rows whose prefix begins the current one's
    for (Map.Entry<Group, List<Pending>> e : groups.entrySet()) {
      Held h = held.apply(e.getKey());
      Set<Integer> heldTexts = new HashSet<>();
      for (String t : h.texts()) {
        heldTexts.add(DataRef.fingerprint(t));
      }
      List<Pending> rows = e.getValue();
      rows.sort(BY_PREFIX);
      groupRows.clear();
      counted.clear();
      open.clear();
      for (Pending p : rows) {
        String prefix = p.ref().prefix();
        while (!open.isEmpty() && !prefix.startsWith(open.peek().ref().prefix())) {
          int fp = open.pop().ref().fingerprint();
          if (!heldTexts.contains(fp)) {
            counted.add(fp);
          }
        }
        if (h.before() + textsUpTo(h.texts(), prefix) + earlierGroups + counted.size() >= limit) {
          return out; // and every later row, of this group and the next: what certainly comes before only grows
        }
        out.add(p);
        open.push(p);
        if (!heldTexts.contains(p.ref().fingerprint())) {
          groupRows.add(p.ref().fingerprint());
        }
      }
      earlierGroups += groupRows.size();
    }
    return out;
  }

  /** How many of {@code sorted} are at or before {@code prefix}. */
  private static int textsUpTo(String[] sorted, String prefix) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (DataRef.textBefore(sorted[mid], prefix)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
