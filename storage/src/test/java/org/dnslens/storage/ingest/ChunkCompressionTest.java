package org.dnslens.storage.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.CaseWriter;
import org.dnslens.storage.layout.EncodedBlock;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;
import org.junit.jupiter.api.Test;

/**
 * The claim that decides whether the ingest's caller thread or its writer thread compresses a chunk: exactly
 * one of them does, the writer gets the caller's blobs when the caller won (waiting for them if they are
 * still being made), and a failed compression by the caller leaves the work to the writer.
 */
class ChunkCompressionTest {
  private static Chunk chunk(long seed, int blocks, int pages) {
    Random r = new Random(seed);
    Chunk k = new Chunk();
    for (int i = 0; i < blocks; i++) {
      k.blocks.add(new EncodedBlock(i + 1, i * 10L + 1, 10, i, i + 1, bytes(r, 2_000), bytes(r, 60_000)));
    }
    for (int i = 0; i < pages; i++) {
      k.pages.add(new SegmentPage(SegmentKind.NAME, 0, i, new byte[] {1}, new byte[] {2}, bytes(r, 20_000)));
    }
    return k;
  }

  /** Compressible bytes: a few distinct values. */
  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(8);
    }
    return b;
  }

  @Test
  void theWriterGetsTheCallersBlobsWhichAreWhatItWouldHaveMade() throws Exception {
    Chunk k = chunk(1, 3, 4);
    try (BlobCodec caller = new BlobCodec(); BlobCodec writer = new BlobCodec()) {
      assertTrue(k.compressBeforeWriter(caller));
      assertFalse(k.compressBeforeWriter(caller), "a chunk is compressed once");
      CaseWriter.Compressed got = k.compressedForWriter();
      assertNotNull(got);
      CaseWriter.Compressed own = CaseWriter.compress(writer, k.blocks, k.pages);
      for (int i = 0; i < k.blocks.size(); i++) {
        assertArrayEquals(own.summaries()[i], got.summaries()[i]);
        assertArrayEquals(own.wires()[i], got.wires()[i]);
        assertArrayEquals(k.blocks.get(i).wire(), writer.decompress(got.wires()[i]));
      }
      for (int i = 0; i < k.pages.size(); i++) {
        assertArrayEquals(own.pages()[i], got.pages()[i]);
        assertArrayEquals(k.pages.get(i).data(), writer.decompress(got.pages()[i]));
        assertNull(got.minNames()[i], "only passive-DNS name pages have a smallest name");
      }
    }
  }

  @Test
  void aChunkTheWriterTookIsNotCompressedByTheCaller() throws Exception {
    Chunk k = chunk(2, 2, 2);
    assertNull(k.compressedForWriter(), "the writer compresses it itself");
    try (BlobCodec caller = new BlobCodec()) {
      assertFalse(k.compressBeforeWriter(caller));
    }
  }

  @Test
  void aChunkWithNothingToCompressIsLeftToTheWriter() throws Exception {
    Chunk k = new Chunk();
    try (BlobCodec caller = new BlobCodec()) {
      assertFalse(k.compressBeforeWriter(caller));
    }
    assertNull(k.compressedForWriter());
  }

  @Test
  void aFailedCompressionByTheCallerLeavesTheWorkToTheWriter() throws Exception {
    Chunk k = chunk(3, 1, 1);
    k.pages.add(new SegmentPage(SegmentKind.NAME, 0, 9, new byte[] {1}, new byte[] {2}, null));
    try (BlobCodec caller = new BlobCodec()) {
      assertThrows(NullPointerException.class, () -> k.compressBeforeWriter(caller));
    }
    assertNull(k.compressedForWriter(), "no half-made blobs; the writer does it (and reports what fails)");
  }

  @Test
  void racingThreadsCompressEachChunkExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (BlobCodec caller = new BlobCodec()) {
      for (int round = 0; round < 200; round++) {
        Chunk k = chunk(round, 1, 2);
        CountDownLatch start = new CountDownLatch(1);
        Future<Boolean> c = pool.submit(() -> {
          start.await();
          return k.compressBeforeWriter(caller);
        });
        Future<CaseWriter.Compressed> w = pool.submit(() -> {
          start.await();
          return k.compressedForWriter();
        });
        start.countDown();
        boolean byCaller = c.get(10, TimeUnit.SECONDS);
        CaseWriter.Compressed got = w.get(10, TimeUnit.SECONDS); // the writer never waits forever
        assertEquals(byCaller, got != null, "round " + round + ": exactly one of them compresses");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
