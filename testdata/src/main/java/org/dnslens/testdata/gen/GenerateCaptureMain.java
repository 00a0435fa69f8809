package org.dnslens.testdata.gen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line: {@code --seed 1 --transactions 1000000 --format pcap|pcapng --out x.pcap [--gzip]
 * [--nanos] [--truth x.truth.json] [--actors tunnel,beacon,dga,bypass,dot,any|all] [--clients 200]
 * [--resolvers 2] [--mean-gap-us 500] [--start-epoch-ns N] [--ipv6-share 0.1] [--tcp-share 0.02]
 * [--upstream-share 0.05] [--beacon-interval-s 60] [--beacon-jitter-s 2] [--stable-addresses]}. Prints the truth JSON to stdout when no {@code --truth} file is given.
 */
public final class GenerateCaptureMain {

  private GenerateCaptureMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** Runs the command; returns the exit code (0 ok, 2 usage error, 1 I/O error). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    GeneratorConfig config = GeneratorConfig.defaults(1, 10_000);
    Path capture = null;
    Path truthFile = null;
    try {
      long seed = config.seed();
      int transactions = config.transactions();
      CaptureFormat format = config.format();
      boolean gzip = false;
      boolean nanos = false;
      Actors actors = Actors.none();
      int clients = config.clients();
      int resolvers = config.resolvers();
      long start = config.startEpochNanos();
      double gap = config.meanGapMicros();
      double ipv6 = config.ipv6Share();
      double tcp = config.tcpShare();
      double upstream = config.upstreamShare();
      double beaconInterval = config.beaconIntervalSeconds();
      double beaconJitter = config.beaconJitterSeconds();
      boolean stable = false;
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        switch (option) {
          case "--gzip" -> gzip = true;
          case "--stable-addresses" -> stable = true;
          case "--nanos" -> nanos = true;
          case "-h", "--help" -> {
            out.println(usage());
            return 0;
          }
          default -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
              case "--seed" -> seed = Long.parseLong(value);
              case "--transactions" -> transactions = Integer.parseInt(value);
              case "--format" -> format = CaptureFormat.valueOf(value.toUpperCase(Locale.ROOT));
              case "--out" -> capture = Path.of(value);
              case "--truth" -> truthFile = Path.of(value);
              case "--actors" -> actors = Actors.parse(value);
              case "--clients" -> clients = Integer.parseInt(value);
              case "--resolvers" -> resolvers = Integer.parseInt(value);
              case "--mean-gap-us" -> gap = Double.parseDouble(value);
              case "--start-epoch-ns" -> start = Long.parseLong(value);
              case "--ipv6-share" -> ipv6 = Double.parseDouble(value);
              case "--tcp-share" -> tcp = Double.parseDouble(value);
              case "--upstream-share" -> upstream = Double.parseDouble(value);
              case "--beacon-interval-s" -> beaconInterval = Double.parseDouble(value);
              case "--beacon-jitter-s" -> beaconJitter = Double.parseDouble(value);
              default -> throw new IllegalArgumentException("unknown option " + option);
            }
          }
        }
      }
      if (capture == null) {
        throw new IllegalArgumentException("--out is required");
      }
      config = new GeneratorConfig(seed, transactions, format, gzip, clients, resolvers, start, gap, actors, nanos,
          ipv6, tcp, upstream, beaconInterval, beaconJitter, stable);
    } catch (IllegalArgumentException e) {
      err.println("generate-capture: " + e.getMessage());
      err.println(usage());
      return 2;
    }
    try {
      long begin = System.nanoTime();
      GenerationTruth truth = new CaptureGenerator(config).write(capture);
      double seconds = (System.nanoTime() - begin) / 1e9;
      if (truthFile != null) {
        truth.writeJson(truthFile);
      } else {
        out.print(truth.toJson());
      }
      long size = Files.size(capture);
      err.printf(Locale.ROOT, "wrote %s: %d packets, %d transactions, %d bytes in %.2f s (%.0f packets/s, %.1f MB/s)%n",
          capture, truth.packets(), truth.transactions(), size, seconds, truth.packets() / seconds,
          size / seconds / 1e6);
      return 0;
    } catch (IOException e) {
      err.println("generate-capture: cannot write " + capture + ": " + e.getMessage());
      return 1;
    }
  }

  static String usage() {
    return "usage: --out FILE [--seed N] [--transactions N] [--format pcap|pcapng] [--gzip] [--nanos]"
        + " [--truth FILE.json] [--actors tunnel,beacon,dga,bypass,dot,any|all|none] [--clients N]"
        + " [--resolvers N] [--mean-gap-us D] [--start-epoch-ns N] [--ipv6-share D] [--tcp-share D]"
        + " [--upstream-share D] [--beacon-interval-s D] [--beacon-jitter-s D]"
        + " [--stable-addresses]";
  }
}
