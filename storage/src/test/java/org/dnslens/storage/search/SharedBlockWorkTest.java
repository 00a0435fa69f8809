package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.dnslens.storage.layout.BlobCodec;
import org.junit.jupiter.api.Test;

/**
 * The search's two-thread block work: every item runs exactly once whoever takes it, each worker uses its
 * own codec, results are consumed in index order up to where the consumer stops, and a failing item fails the
 * call when its turn comes instead of leaving a hole in the results.
 */
class SharedBlockWorkTest {
  @Test
  void runsEveryItemExactlyOnceWithOneCodecPerWorker() {
    try (BlobCodec caller = new BlobCodec()) {
      for (int n : new int[] {0, 1, 2, 3, 16, 500}) {
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        Set<BlobCodec> codecs = ConcurrentHashMap.newKeySet();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        byte[] raw = new byte[4096];
        SharedBlockWork.run(n, caller, (i, codec) -> {
          runs.incrementAndGet(i);
          // a real round trip through the worker's codec: a codec shared by two threads would garble it
          raw[0] = 1;
          byte[] blob = codec.compress(raw, raw.length);
          assertThat(codec.decompress(blob)).hasSize(raw.length);
          codecs.add(codec);
          threads.add(Thread.currentThread());
        });
        for (int i = 0; i < n; i++) {
          assertThat(runs.get(i)).as("item %d of %d", i, n).isEqualTo(1);
        }
        // one codec per thread that ran items: the caller's own on the calling thread
        assertThat(codecs).hasSameSizeAs(threads);
        if (n > 0 && n < SharedBlockWork.MIN_SHARED_ITEMS) {
          assertThat(threads).containsExactly(Thread.currentThread());
        }
      }
    }
  }

  @Test
  void aFailingItemFailsTheCallWhenItsTurnComes() {
    int n = 64;
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    List<Integer> consumed = new ArrayList<>();
    try (BlobCodec caller = new BlobCodec()) {
      assertThatThrownBy(() -> SharedBlockWork.run(n, caller, (i, codec) -> {
        runs.incrementAndGet(i);
        if (i == 17) {
          throw new IllegalStateException("case blob ends early (damaged case file?)");
        }
      }, consumed::add)).isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged case file");
      // every item before it was consumed, in order; none ran twice
      assertThat(consumed).isEqualTo(IntStream.range(0, 17).boxed().toList());
      for (int i = 0; i < n; i++) {
        assertThat(runs.get(i)).isLessThanOrEqualTo(1);
      }
      assertThatThrownBy(() -> SharedBlockWork.run(n, caller, (i, codec) -> {
        if (i == n - 1) {
          throw new AssertionError("an error stays an error");
        }
      })).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void stopsWhereTheConsumerSaysAndIgnoresFailuresPastIt() {
    int n = 64;
    int stop = 10;
    List<Integer> consumed = new ArrayList<>();
    try (BlobCodec caller = new BlobCodec()) {
      // items past the stop fail: a sequential loop would never have run them, so neither may the call fail
      SharedBlockWork.run(n, caller, (i, codec) -> {
        if (i > stop + 2) {
          throw new IllegalStateException("must not be seen");
        }
      }, i -> {
        consumed.add(i);
        return i < stop;
      });
    }
    assertThat(consumed).isEqualTo(IntStream.rangeClosed(0, stop).boxed().toList());
  }
}
