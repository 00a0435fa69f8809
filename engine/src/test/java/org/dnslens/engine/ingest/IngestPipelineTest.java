package org.dnslens.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.export.TransactionJsonWriter;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.Transaction;
import org.dnslens.testdata.gen.Actors;
import org.dnslens.testdata.gen.CaptureFormat;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The threaded pipeline must be indistinguishable from the single-threaded one, and stop cleanly. */
class IngestPipelineTest {
  @TempDir Path dir;

  @Test
  void threadedRunMakesTheSameCallsInTheSameOrderAsOneThread() throws IOException {
    Path capture = truncatedCapture(12_000);
    Recorder one = run(capture, 1);
    Recorder two = run(capture, 2);

    assertThat(one.events).as("a capture with transactions, messages and issues").hasSizeGreaterThan(30_000);
    assertThat(one.events).anyMatch(e -> e.startsWith("I "));
    assertThat(two.events).isEqualTo(one.events);
    assertThat(two.json.toByteArray()).isEqualTo(one.json.toByteArray());
    assertThat(two.completed).isEqualTo(one.completed).isNotNull();
    assertThat(two.completed.frames()).isEqualTo(one.completed.frames());
    assertThat(two.completed.issues()).isEqualTo(one.completed.issues());
    assertThat(two.completed.byStatus()).isEqualTo(one.completed.byStatus());
    assertThat(two.completed.sources()).isEqualTo(one.completed.sources());
  }

  @Test
  void cancelledThreadedRunEndsWithoutComplete() throws IOException {
    Path capture = truncatedCapture(40_000);
    Recorder r = new Recorder();
    IngestPipeline p = new IngestPipeline(IngestPipeline.Config.defaults().withThreads(2));
    IngestStats stats =
        p.run(p.describe(List.of(capture)), r, m -> {}, IngestPipeline.Progress.NONE, () -> true);
    assertThat(r.completed).isNull();
    assertThat(stats.frames()).isGreaterThanOrEqualTo(IngestPipeline.PROGRESS_EVERY_FRAMES);
  }

  @Test
  void sinkFailureReachesTheCallerOfAThreadedRun() throws IOException {
    Path capture = truncatedCapture(20_000);
    Recorder failing =
        new Recorder() {
          @Override
          public void transaction(Transaction transaction) throws IOException {
            if (events.size() > 1000) {
              throw new IOException("disk full");
            }
            super.transaction(transaction);
          }
        };
    IngestPipeline p = new IngestPipeline(IngestPipeline.Config.defaults().withThreads(2));
    assertThatThrownBy(
            () -> p.run(p.describe(List.of(capture)), failing, m -> {}, IngestPipeline.Progress.NONE, () -> false))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThat(failing.completed).isNull();
  }

  @Test
  void preparedWorkRunsOnTheReaderThreadAndComesBackWithItsTransaction() throws IOException {
    Path capture = truncatedCapture(3_000);
    for (int threads : new int[] {1, 2}) {
      Preparing sink = new Preparing();
      IngestPipeline p = new IngestPipeline(IngestPipeline.Config.defaults().withThreads(threads));
      p.run(p.describe(List.of(capture)), sink, m -> {}, IngestPipeline.Progress.NONE, () -> false);
      assertThat(sink.mismatches).as("threads " + threads).isZero();
      assertThat(sink.received).as("threads " + threads).hasSizeGreaterThan(2_000).isEqualTo(sink.prepared);
      // With a reader thread the sink's own thread never prepares; without one it does it all.
      assertThat(sink.preparedOnSinkThread).as("threads " + threads).isEqualTo(threads == 1 ? sink.prepared.size() : 0);
    }
  }

  /** Prepares each transaction's frame number and checks it comes back with the same transaction. */
  private static final class Preparing implements IngestSink {
    final List<Long> prepared = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Long> received = new ArrayList<>();
    Thread sinkThread;
    volatile int preparedOnSinkThread;
    int mismatches;

    @Override
    public void begin(List<SourceInfo> sources) {
      sinkThread = Thread.currentThread();
    }

    @Override
    public Object prepare(Transaction transaction) {
      long frame = transaction.first().meta().frame().frameNumber();
      prepared.add(frame);
      if (Thread.currentThread() == sinkThread) {
        preparedOnSinkThread++;
      }
      return new long[] {frame};
    }

    @Override
    public void transaction(Transaction transaction) {
      throw new AssertionError("the pipeline hands what prepare made");
    }

    @Override
    public void transaction(Transaction transaction, Object p) {
      long frame = transaction.first().meta().frame().frameNumber();
      if (!(p instanceof long[] f) || f[0] != frame) {
        mismatches++;
      }
      received.add(frame);
    }

    @Override
    public void issue(DecodeIssue issue) {}

    @Override
    public void complete(IngestStats stats) {}

    @Override
    public void close() {}
  }

  /** A generated capture with its last record cut, so the run also reports an issue. */
  private Path truncatedCapture(int transactions) throws IOException {
    Path capture = dir.resolve("gen-" + transactions + ".pcap");
    new CaptureGenerator(
            GeneratorConfig.defaults(5, transactions).withFormat(CaptureFormat.PCAP).withActors(Actors.all()))
        .write(capture);
    byte[] bytes = Files.readAllBytes(capture);
    Files.write(capture, Arrays.copyOf(bytes, bytes.length - 7));
    return capture;
  }

  private Recorder run(Path capture, int threads) throws IOException {
    Recorder r = new Recorder();
    IngestPipeline p = new IngestPipeline(IngestPipeline.Config.defaults().withThreads(threads));
    p.run(
        p.describe(List.of(capture)),
        r,
        m -> r.events.add("M " + m.meta().frame().frameNumber()),
        IngestPipeline.Progress.NONE,
        () -> false);
    return r;
  }

  /** Every call in order, and the transactions as NDJSON. */
  private static class Recorder implements IngestSink {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream json = new ByteArrayOutputStream();
    final TransactionJsonWriter writer;
    IngestStats completed;

    Recorder() {
      try {
        writer = new TransactionJsonWriter(json, id -> "gen.pcap");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void begin(List<SourceInfo> sources) {
      events.add("B " + sources.size());
    }

    @Override
    public void transaction(Transaction transaction) throws IOException {
      events.add("T " + transaction.status() + " " + transaction.first().meta().frame().frameNumber());
      writer.write(transaction);
    }

    @Override
    public void issue(DecodeIssue issue) {
      events.add("I " + issue.reason() + " " + issue.frame());
    }

    @Override
    public void complete(IngestStats stats) throws IOException {
      completed = stats;
      writer.flush();
    }

    @Override
    public void close() {}
  }
}
