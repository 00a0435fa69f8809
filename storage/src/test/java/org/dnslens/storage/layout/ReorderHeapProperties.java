package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The reorder heap releases items exactly as the {@code PriorityQueue} of (time, arrival) it replaced:
 * many equal times (arrival decides), adds and polls interleaved as the run writer does them (poll once
 * the window is over its size), then a drain.
 */
class ReorderHeapProperties {
  private record Item(long time, long arrival) {}

  @Property(tries = 300)
  void releasesInTheOrderOfAPriorityQueue(
      @ForAll @Size(max = 2_000) List<@IntRange(min = 0, max = 40) Integer> times,
      @ForAll @IntRange(min = 0, max = 64) int window) {
    ReorderHeap<Item> heap = new ReorderHeap<>(1); // grows: the run writer starts small too
    PriorityQueue<Item> model =
        new PriorityQueue<>(Comparator.comparingLong(Item::time).thenComparingLong(Item::arrival));
    List<Item> got = new ArrayList<>();
    List<Item> want = new ArrayList<>();
    long arrival = 0;
    for (int t : times) {
      Item item = new Item(t, arrival++);
      heap.add(item.time(), item.arrival(), item);
      model.add(item);
      if (heap.size() > window) {
        got.add(heap.poll());
        want.add(model.poll());
      }
    }
    for (Item i; (i = heap.poll()) != null; ) {
      got.add(i);
    }
    want.addAll(drain(model));
    assertThat(heap.size()).isZero();
    assertThat(got).containsExactlyElementsOf(want);
  }

  private static List<Item> drain(PriorityQueue<Item> q) {
    List<Item> out = new ArrayList<>();
    for (Item i; (i = q.poll()) != null; ) {
      out.add(i);
    }
    return out;
  }
}
