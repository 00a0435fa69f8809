package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.dnslens.storage.layout.BlobCodec;
import org.junit.jupiter.api.Test;

/**
 * The search's two-thread block work: every item runs exactly once whoever takes it, each worker uses its
 * own codec, and a failing item fails the call (after the others) instead of leaving a hole in the results.
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
  void aFailingItemFailsTheCallAfterTheOthersRan() {
    int n = 64;
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    try (BlobCodec caller = new BlobCodec()) {
      assertThatThrownBy(() -> SharedBlockWork.run(n, caller, (i, codec) -> {
        runs.incrementAndGet(i);
        if (i == 17) {
          throw new IllegalStateException("case blob ends early (damaged case file?)");
        }
      })).isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged case file");
      for (int i = 0; i < n; i++) {
        assertThat(runs.get(i)).isEqualTo(1);
      }
      assertThatThrownBy(() -> SharedBlockWork.run(n, caller, (i, codec) -> {
        if (i == n - 1) {
          throw new AssertionError("an error stays an error");
        }
      })).isInstanceOf(AssertionError.class);
    }
  }
}
