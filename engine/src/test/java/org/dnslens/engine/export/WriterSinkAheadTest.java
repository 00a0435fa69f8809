package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dnslens.engine.model.Transaction;
import org.junit.jupiter.api.Test;

/**
 * Lines the reader thread renders while the writing thread is behind ({@link WriterSink#prepare(Transaction,
 * boolean)}, {@link LinesRenderedAhead}) must be the bytes the writer would have written, in order, however
 * they interleave with lines the writer renders or writes through Jackson, across chunk boundaries and
 * reused chunks.
 */
class WriterSinkAheadTest {

  /** The corpus (rendered and Jackson lines) repeated past several chunks of lines. */
  private static List<Transaction> corpus() throws IOException {
    List<Transaction> once = new ArrayList<>(ExportCorpus.load());
    once.addAll(RawJsonLineTest.awkward());
    List<Transaction> txs = new ArrayList<>();
    while (txs.size() < 6_000) {
      txs.addAll(once);
    }
    return txs;
  }

  /** Every transaction through WriterSink, each {@code lag} prepares ahead of its write, as the pipeline. */
  private static byte[] run(List<Transaction> txs, Random behind, int maxLag, boolean[] dropped)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WriterSink sink = new WriterSink(new TransactionJsonWriter(out, id -> "f" + id))) {
      ArrayDeque<Object[]> inFlight = new ArrayDeque<>();
      for (int i = 0; i < txs.size(); i++) {
        Transaction tx = txs.get(i);
        inFlight.add(new Object[] {tx, sink.prepare(tx, behind != null && behind.nextInt(3) != 0), i});
        int lag = behind == null ? 0 : behind.nextInt(maxLag + 1);
        while (inFlight.size() > lag) {
          Object[] e = inFlight.poll();
          if (dropped == null || !dropped[(int) e[2]]) {
            sink.transaction((Transaction) e[0], e[1]);
          }
        }
      }
      for (Object[] e : inFlight) {
        if (dropped == null || !dropped[(int) e[2]]) {
          sink.transaction((Transaction) e[0], e[1]);
        }
      }
      sink.complete(null);
    }
    return out.toByteArray();
  }

  @Test
  void linesRenderedAheadAreTheWritersOwn() throws IOException {
    List<Transaction> txs = corpus();
    byte[] plain = run(txs, null, 0, null);
    for (long seed = 1; seed <= 4; seed++) {
      // lags up to ~3 000 lines keep more chunks in flight than the spares hold
      byte[] ahead = run(txs, new Random(seed), seed % 2 == 0 ? 40 : 3_000, null);
      assertThat(ahead).as("seed %d", seed).isEqualTo(plain);
    }
  }

  @Test
  void mostCorpusLinesAreTakenAheadWhenBehindAndNoneOtherwise() throws IOException {
    List<Transaction> txs = corpus();
    try (WriterSink sink = new WriterSink(new TransactionJsonWriter(new ByteArrayOutputStream(), id -> "f"))) {
      long ahead = txs.stream().filter(tx -> sink.prepare(tx, true) instanceof LinesRenderedAhead.Line).count();
      assertThat(ahead).isGreaterThan(txs.size() / 2);
      assertThat(txs.stream().filter(tx -> sink.prepare(tx, false) != null)).isEmpty();
    }
    // Writers that cannot take raw lines (annotated lines, another format) never render ahead.
    TransactionJsonWriter annotated =
        new TransactionJsonWriter(new ByteArrayOutputStream(), id -> "f", tx -> java.util.Map.of());
    try (WriterSink sink = new WriterSink(annotated)) {
      assertThat(txs.stream().limit(200).filter(tx -> sink.prepare(tx, true) != null)).isEmpty();
    }
  }

  @Test
  void droppedLinesDoNotShiftTheLinesAfterThem() throws IOException {
    // A cancelled threaded run may drop a batch of prepared transactions and still write later ones.
    List<Transaction> txs = corpus();
    boolean[] dropped = new boolean[txs.size()];
    Random r = new Random(7);
    for (int i = 0; i < dropped.length; i++) {
      dropped[i] = r.nextInt(10) == 0;
    }
    List<Transaction> kept = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      if (!dropped[i]) {
        kept.add(txs.get(i));
      }
    }
    assertThat(run(txs, new Random(3), 500, dropped)).isEqualTo(run(kept, null, 0, null));
  }
}
