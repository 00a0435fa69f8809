package org.dnslens.storage.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.dnslens.storage.layout.DataRef;

/**
 * Which of a query's rows whose data is a reference into a block ({@link DataRef}) can be among its first
 * {@code limit} rows, so that only their blocks are read. Rows are grouped by (lower-case name, name as sent,
 * type), the order of {@code pdns name}'s rows; within a group the order is the text's, known before reading
 * only through the references' prefixes (schema V13; "" for references written before).
 *
 * <p>A pending row is left unread when {@code limit} rows of the whole certainly come before it: the held rows
 * the caller counted ({@link Pending#held}: rows already read as text, of smaller groups or of texts that sort
 * before its prefix), the pending rows of smaller groups, and the pending rows of its own group whose prefix
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

  /**
   * A pending row: its group ({@code lower}, {@code name}, {@code type}), its reference, how many held rows
   * certainly come before it, and the caller's index of it.
   */
  record Pending(String lower, String name, int type, DataRef ref, long held, int index) {
    boolean sameGroup(Pending o) {
      return lower.equals(o.lower) && name.equals(o.name) && type == o.type;
    }
  }

  private static final Comparator<Pending> ORDER = Comparator.comparing(Pending::lower).thenComparing(Pending::name)
      .thenComparingInt(Pending::type).thenComparing(p -> p.ref().prefix());

  /**
   * The rows of {@code pending} to read, in group and prefix order. {@code heldTexts}: the fingerprints of
   * the texts of the held rows of a row's group.
   */
  static List<Pending> toRead(List<Pending> pending, int limit, Function<Pending, Set<Integer>> heldTexts) {
    List<Pending> sorted = new ArrayList<>();
    for (Pending p : pending) {
      if (p.held() < limit) {
        sorted.add(p);
      }
    }
    sorted.sort(ORDER);
    List<Pending> out = new ArrayList<>();
    long earlierGroups = 0; // distinct pending rows of the groups before this one: all before it
    Set<Integer> groupRows = new HashSet<>(); // fingerprints of this group's rows so far
    Set<Integer> counted = new HashSet<>(); // those certainly before the current row
    Set<Integer> held = Set.of();
    ArrayDeque<Pending> open = new ArrayDeque<>(); // earlier rows whose prefix begins the current one's
    Pending group = null;
    for (Pending p : sorted) {
      if (group == null || !p.sameGroup(group)) {
        earlierGroups += groupRows.size();
        groupRows.clear();
        counted.clear();
        open.clear();
        held = heldTexts.apply(p);
        group = p;
      }
      String prefix = p.ref().prefix();
      while (!open.isEmpty() && !prefix.startsWith(open.peek().ref().prefix())) {
        int fp = open.pop().ref().fingerprint();
        if (!held.contains(fp)) {
          counted.add(fp);
        }
      }
      if (p.held() + earlierGroups + counted.size() >= limit) {
        break;
      }
      out.add(p);
      open.push(p);
      if (!held.contains(p.ref().fingerprint())) {
        groupRows.add(p.ref().fingerprint());
      }
    }
    return out;
  }
}
