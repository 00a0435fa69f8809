package org.dnslens.engine.export;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import org.dnslens.engine.model.Transaction;

/**
 * NDJSON lines rendered on the pipeline's reader thread while the writing thread is behind (see {@link
 * WriterSink#prepare(Transaction, boolean)}), packed one after another into chunks of bytes.
 *
 * <p>Why: a cold {@code dnslens read} is bounded by the writing thread (its CPU was ~40 % above the
 * reader's decoding and pairing, session 22 in docs/PERFORMANCE.md), while the reader thread waited for
 * room in the hand-off queue. A line rendered here costs the writer one copy of its bytes. Lines go into
 * shared, reused chunks, not an array each: a line is ~1.1 KB, and fresh arrays would be ~0.8 GB more
 * allocation (zeroed, cold memory) per 1 M transactions.
 *
 * <p>One instance per reader thread, not thread-safe. A chunk is filled by that thread only: the writer
 * reads a line's bytes after the hand-off queue published the transaction it belongs to (rendered
 * before), while the reader may still append later lines to the same chunk; the reader fills a chunk
 * again only after the writer handed it back ({@link Cursor}).
 */
final class LinesRenderedAhead {
  /** Bytes of a chunk: ~200 lines of gen1m, so the chunk changes (a queue operation) rarely. */
  static final int CHUNK_BYTES = 256 * 1024;
  /** Lines longer than this are left to the writing thread (rare: a large message, e.g. TCP or a zone). */
  static final int MAX_LINE_BYTES = 16 * 1024;
  /**
   * Written chunks kept for reuse: the chunks in flight (the queue's ~1 300 transactions are ~6 of them)
   * and a few more. Without reuse the reader allocated and zeroed ~0.8 GB more per 1 M transactions, all
   * of it cold memory.
   */
  static final int SPARE_CHUNKS = 8;

  /** How a line is rendered: {@link TransactionJsonWriter#renderLine} with the reader's own memo. */
  interface LineRenderer {
    /** Renders {@code tx} into {@code raw} (reset first) or returns false for a line it does not take. */
    boolean render(AsciiJsonBuffer raw, Transaction tx);
  }

  /**
   * Lines one after another, the reader appending, the writer reading lines the hand-off queue already
   * published.
   */
  static final class Chunk {
    final byte[] bytes = new byte[CHUNK_BYTES];
    /** Bytes used; reset when the chunk is reused (after the writer returned it). Reader thread only. */
    int used;
  }

  /**
   * One rendered line (its newline included): {@code chunk.bytes} from {@code from} to {@code to}
   * exclusive. An object per line rather than a position the writer counts, so a batch the pipeline
   * drops (a cancelled run) cannot shift the lines after it.
   */
  record Line(Chunk chunk, int from, int to) {}

  private final LineRenderer renderer;
  private final AsciiJsonBuffer raw = new AsciiJsonBuffer();
  /**
   * Chunks the writing thread has written every line of, for the reader to fill again. The queue's
   * lock is taken once per chunk on each side, and publishes the writer's reads before the reader's
   * writes.
   */
  private final ArrayBlockingQueue<Chunk> spare = new ArrayBlockingQueue<>(SPARE_CHUNKS);
  private Chunk chunk = new Chunk();

  LinesRenderedAhead(LineRenderer renderer) {
    this.renderer = renderer;
  }

  /**
   * Renders the line of {@code tx} (its newline included) into the current chunk, or returns null when
   * the line is left to the writing thread (a shape only Jackson writes, or too long).
   */
  Line render(Transaction tx) {
    if (!renderer.render(raw, tx) || raw.length() + 1 > MAX_LINE_BYTES) {
      return null;
    }
    raw.appendByte('\n');
    int n = raw.length();
    Chunk c = chunk;
    if (c.used + n > CHUNK_BYTES) {
      c = spare.poll();
      if (c == null) {
        c = new Chunk();
      }
      c.used = 0;
      chunk = c;
    }
    int from = c.used;
    raw.copyTo(c.bytes, from);
    c.used = from + n;
    return new Line(c, from, from + n);
  }

  /**
   * The writing thread's side: lines arrive in the order they were rendered, so a line from another
   * chunk means the reader is done with the previous one and no later line is in it: it goes back to
   * the reader.
   */
  final class Cursor {
    private Chunk chunk;

    void write(Line line, TransactionJsonWriter writer) throws IOException {
      Chunk c = line.chunk();
      if (c != chunk) {
        if (chunk != null) {
          spare.offer(chunk); // dropped when the spares are full
        }
        chunk = c;
      }
      writer.writeRendered(c.bytes, line.from(), line.to());
    }
  }
}
