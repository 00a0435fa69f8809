package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dnslens.storage.layout.DataRef;

/**
 * {@link ReferenceChoice} with the prefixes writers store ({@link DataRef#prefixLengths} per run, or none as
 * before schema V13): every pending row whose text is among the first {@code limit} rows of the whole (held
 * texts and pending texts of two groups, one text possibly referenced by several runs) must be chosen for
 * reading, and with prefixes of one run and no held rows only a few more than the limit are.
 */
class ReferenceChoiceProperties {
  private static final String[] GROUPS = {"a.example", "b.example"};

  @Property(tries = 400)
  void everyPendingRowAmongTheFirstRowsIsRead(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int limit) {
    Random rnd = new Random(seed);
    int universe = 1 + rnd.nextInt(120);
    // a small alphabet and a shared start make long common prefixes, ties and prefixes of prefixes
    String start = rnd.nextBoolean() ? "\"k=" : "";
    char[] alphabet = rnd.nextBoolean() ? new char[] {'a', 'b'} : new char[] {'a', 'b', 'c', 'd', 'e', 'f', 'g'};
    List<String> texts = new ArrayList<>();
    List<Integer> groupOf = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (texts.size() < universe) {
      StringBuilder b = new StringBuilder(start);
      int len = DataRef.MIN_TEXT_CHARS + rnd.nextInt(12);
      while (b.length() < len) {
        b.append(alphabet[rnd.nextInt(alphabet.length)]);
      }
      int g = rnd.nextInt(GROUPS.length);
      if (seen.add(g + b.toString())) {
        texts.add(b.toString());
        groupOf.add(g);
      }
    }
    // held rows: texts read as text (an older run's page); the rest pending in 1-3 runs, some texts in several
    Set<Integer> held = new HashSet<>();
    for (int i = 0; i < universe; i++) {
      if (rnd.nextInt(6) == 0) {
        held.add(i);
      }
    }
    List<ReferenceChoice.Pending> pending = new ArrayList<>();
    List<Integer> textOf = new ArrayList<>();
    int runs = 1 + rnd.nextInt(3);
    for (int run = 0; run < runs; run++) {
      boolean withPrefixes = rnd.nextInt(4) != 0;
      for (int g = 0; g < GROUPS.length; g++) {
        TreeSet<String> inRun = new TreeSet<>();
        for (int i = 0; i < universe; i++) {
          if (groupOf.get(i) == g && (rnd.nextInt(runs) == 0 || (run == 0 && !held.contains(i)))) {
            inRun.add(texts.get(i));
          }
        }
        List<String> sorted = new ArrayList<>(inRun);
        int[] lengths = DataRef.prefixLengths(sorted);
        for (int k = 0; k < sorted.size(); k++) {
          String t = sorted.get(k);
          assertThat(lengths[k]).isLessThan(t.length()).isLessThanOrEqualTo(DataRef.MAX_PREFIX_CHARS);
          String prefix = withPrefixes ? t.substring(0, lengths[k]) : "";
          int index = indexOf(texts, groupOf, g, t);
          DataRef ref = new DataRef(run, k, 0, DataRef.fingerprint(t), prefix);
          pending.add(new ReferenceChoice.Pending(group(g), ref, pending.size()));
          textOf.add(index);
        }
      }
    }
    // the whole answer's first rows: (group, text) order over every distinct text, held or pending
    List<Integer> order = new ArrayList<>();
    Set<Integer> present = new HashSet<>(held);
    present.addAll(textOf);
    order.addAll(present);
    order.sort((x, y) -> groupOf.get(x) != groupOf.get(y).intValue() ? Integer.compare(groupOf.get(x), groupOf.get(y))
        : texts.get(x).compareTo(texts.get(y)));
    Set<Integer> first = new HashSet<>(order.subList(0, Math.min(limit, order.size())));

    java.util.Collections.shuffle(pending, rnd);
    List<ReferenceChoice.Pending> chosen = ReferenceChoice.toRead(pending, limit, grp -> {
      int g = java.util.Arrays.asList(GROUPS).indexOf(grp.name());
      long before = 0;
      List<String> own = new ArrayList<>();
      for (int i : held) {
        if (groupOf.get(i) < g) {
          before++;
        } else if (groupOf.get(i) == g) {
          own.add(texts.get(i));
        }
      }
      own.sort(null);
      return new ReferenceChoice.Held(before, own.toArray(new String[0]));
    });
    Set<Integer> read = new HashSet<>();
    for (ReferenceChoice.Pending c : chosen) {
      read.add(c.index());
    }
    for (int i = 0; i < textOf.size(); i++) {
      if (first.contains(textOf.get(i))) {
        assertThat(read).as("pending row of a first text: %s", texts.get(textOf.get(i))).contains(i);
      }
    }
  }

  /** A one-run case without held rows reads the limit's rows and hardly more (the point of prefixes). */
  @Property(tries = 100)
  void oneRunOfRandomTextsReadsLittleMoreThanTheLimit(@ForAll long seed, @ForAll @IntRange(min = 1, max = 50) int limit) {
    Random rnd = new Random(seed);
    TreeSet<String> set = new TreeSet<>();
    while (set.size() < 2_000) {
      StringBuilder b = new StringBuilder("\"k=");
      while (b.length() < 60) {
        b.append((char) ('A' + rnd.nextInt(58)));
      }
      set.add(b.toString());
    }
    List<String> sorted = new ArrayList<>(set);
    int[] lengths = DataRef.prefixLengths(sorted);
    List<ReferenceChoice.Pending> pending = new ArrayList<>();
    for (int k = 0; k < sorted.size(); k++) {
      String t = sorted.get(k);
      pending.add(new ReferenceChoice.Pending(group(0), new DataRef(1, k, 0, DataRef.fingerprint(t),
          t.substring(0, lengths[k])), k));
    }
    java.util.Collections.shuffle(pending, rnd);
    List<ReferenceChoice.Pending> chosen =
        ReferenceChoice.toRead(pending, limit, g -> new ReferenceChoice.Held(0, new String[0]));
    assertThat(chosen).extracting(ReferenceChoice.Pending::index).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, limit).boxed().toList());
  }

  @Property(tries = 300)
  void prefixOrderNeverContradictsTheTexts(@ForAll long seed) {
    Random rnd = new Random(seed);
    String a = word(rnd);
    String b = word(rnd);
    String pa = a.substring(0, rnd.nextInt(a.length()));
    String pb = b.substring(0, rnd.nextInt(b.length()));
    if (DataRef.certainlyBefore(pa, pb)) {
      assertThat(a.compareTo(b)).isNegative();
    }
    if (DataRef.textBefore(a, pb)) {
      assertThat(a.compareTo(b)).isNegative();
    }
  }

  private static String word(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = 1 + rnd.nextInt(8);
    for (int i = 0; i < n; i++) {
      b.append((char) ('a' + rnd.nextInt(3)));
    }
    return b.toString();
  }

  private static int indexOf(List<String> texts, List<Integer> groupOf, int g, String t) {
    for (int i = 0; i < texts.size(); i++) {
      if (groupOf.get(i) == g && texts.get(i).equals(t)) {
        return i;
      }
    }
    throw new AssertionError(t);
  }

  private static ReferenceChoice.Group group(int g) {
    return new ReferenceChoice.Group(GROUPS[g], GROUPS[g], 16);
  }
}
