package org.dnslens.testdata.gen;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a seeded synthetic DNS capture and returns its exact {@link GenerationTruth}. Same config, same
 * bytes. Streaming: sources are merged by transaction start and frames pass through a reordering queue
 * that only holds transactions in flight, so memory does not grow with the number of transactions.
 */
public final class CaptureGenerator {

  private static final int OUTPUT_BUFFER_BYTES = 1 << 16;
  /** Actors start shortly after the background traffic, each offset a little from the others. */
  private static final long ACTOR_START_OFFSET_NANOS = 2_000_000_000L;

  private final GeneratorConfig config;

  public CaptureGenerator(GeneratorConfig config) {
    this.config = config;
  }

  /** Writes the capture to {@code capture} (gzipped if the config says so). */
  public GenerationTruth write(Path capture) throws IOException {
    try (OutputStream file = Files.newOutputStream(capture)) {
      return write(file);
    }
  }

  /**
   * Writes the capture to {@code out} (gzipped if the config says so: the gzip trailer is written) and
   * flushes; does not close {@code out}.
   */
  public GenerationTruth write(OutputStream out) throws IOException {
    if (config.gzip()) {
      GZIPOutputStream gzip = new GZIPOutputStream(out, OUTPUT_BUFFER_BYTES);
      GenerationTruth truth = writeCapture(gzip);
      gzip.finish();
      gzip.flush();
      return truth;
    }
    return writeCapture(out);
  }

  private GenerationTruth writeCapture(OutputStream out) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, OUTPUT_BUFFER_BYTES);
    SplittableRandom master = new SplittableRandom(config.seed());
    TruthCounter truth = new TruthCounter();
    CaptureFileWriter writer = new CaptureFileWriter(buffered, config.format(), config.nanosecondPcap());
    PacketTimeline timeline = new PacketTimeline(writer, truth);
    DnsExchanges exchanges = new DnsExchanges(timeline, truth);
    MessageFactory factory = new MessageFactory(new Vocabulary(master.split()), config.stableAddresses());
    Network network = new Network(config.clients(), config.resolvers());

    List<TrafficSource> sources = new ArrayList<>();
    sources.add(new BackgroundTraffic(config, master.split(), factory, exchanges, network));
    sources.addAll(actors(master, factory, exchanges, truth, network));

    writer.writeFileHeader();
    // Ties on start time go to the earlier source in the list, so the merge is deterministic.
    PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> {
      int byTime = Long.compare(sources.get(a).nextStart(), sources.get(b).nextStart());
      return byTime != 0 ? byTime : Integer.compare(a, b);
    });
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).hasNext()) {
        ready.add(i);
      }
    }
    while (!ready.isEmpty()) {
      int index = ready.poll();
      TrafficSource source = sources.get(index);
      timeline.advanceTo(source.nextStart());
      source.emitNext();
      if (source.hasNext()) {
        ready.add(index);
      }
    }
    timeline.drain();
    buffered.flush();
    return truth.freeze();
  }

  private List<TrafficSource> actors(SplittableRandom master, MessageFactory factory, DnsExchanges exchanges,
      TruthCounter truth, Network network) {
    Actors actors = config.actors();
    Peer resolver = network.resolvers().get(0);
    long start = config.startEpochNanos() + ACTOR_START_OFFSET_NANOS;
    List<TrafficSource> out = new ArrayList<>();
    // Each actor gets its own split random whether or not it is enabled, so switching one actor on or
    // off does not change what the others do.
    SplittableRandom tunnel = master.split();
    SplittableRandom beacon = master.split();
    SplittableRandom dga = master.split();
    SplittableRandom bypass = master.split();
    SplittableRandom dot = master.split();
    SplittableRandom any = master.split();
    if (actors.tunnel()) {
      out.add(new TunnelActor(tunnel, factory, exchanges, truth, Network.actorClient(0), resolver, start));
    }
    if (actors.beacon()) {
      out.add(new BeaconActor(beacon, factory, exchanges, truth, Network.actorClient(1), resolver,
          start + 1_000_000_000L, config.beaconIntervalSeconds(), config.beaconJitterSeconds()));
    }
    if (actors.dga()) {
      out.add(new DgaActor(dga, factory, exchanges, truth, Network.actorClient(2), resolver,
          start + 1_500_000_000L));
    }
    if (actors.bypass()) {
      out.add(new BypassActor(bypass, factory, exchanges, truth, Network.actorClient(3), network.publicResolver(),
          start + 500_000_000L));
    }
    if (actors.dot()) {
      out.add(new DotActor(dot, factory, exchanges, truth, Network.actorClient(4), resolver,
          start + 700_000_000L));
    }
    if (actors.anyQueries()) {
      out.add(new AnyQueryActor(any, factory, exchanges, truth, Network.actorClient(5), resolver,
          start + 900_000_000L));
    }
    return out;
  }
}
