package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Grouping the log gives every owner exactly its entries, in the order posted, whatever the interleaving. */
class PostingLogProperties {

  @Property(tries = 200)
  void groupsAreEachOwnersEntriesInPostingOrder(
      @ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 40) Integer> owners,
      @ForAll @IntRange(min = 0, max = 2) int clearsBefore) {
    PostingLog log = new PostingLog();
    for (int c = 0; c < clearsBefore; c++) { // a part written before: its entries must not come back
      log.add(3, 99);
      log.clear();
    }
    List<List<Integer>> want = new ArrayList<>();
    for (int o = 0; o <= 40; o++) {
      want.add(new ArrayList<>());
    }
    for (int i = 0; i < owners.size(); i++) {
      log.add(owners.get(i), i);
      want.get(owners.get(i)).add(i);
    }
    PostingLog.Groups g = log.group(41);
    for (int o = 0; o <= 40; o++) {
      int[] got = Arrays.copyOfRange(g.blocks(), g.from(o), g.to(o));
      assertThat(got).as("owner %d", o).containsExactly(want.get(o).stream().mapToInt(x -> x).toArray());
    }
  }
}
