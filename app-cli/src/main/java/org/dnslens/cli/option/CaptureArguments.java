package org.dnslens.cli.option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.decode.DecoderConfig;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.pairing.PairingConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The captures of a run and how to decode and pair them: shared by read, ingest and analyze. */
public final class CaptureArguments {
  /** Longest pairing timeout accepted: a day of capture time. */
  public static final double MAX_TIMEOUT_SECONDS = 86_400;

  @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "pcap or pcapng files (gzip too), dnstap Frame Streams files, or directories of them.")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--resolver", paramLabel = "IP", description = "A recursive resolver's address (repeatable): legs to it are CQ/CR, its own queries SQ/SR.")
  List<String> resolvers = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Capture time after which a query without reply is unanswered. Default: ${DEFAULT-VALUE}.")
  double timeoutSeconds;

  @Option(names = "--dns-port", paramLabel = "PORT", description = "Another port to treat as DNS (repeatable; 53, 5353 and 5355 always are).")
  List<Integer> dnsPorts = new ArrayList<>();

  /** The pipeline configuration these options describe. */
  public IngestPipeline.Config pipelineConfig(boolean hashSources) {
    if (!(timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
      throw new UserFacingException("--timeout must be between 0 and " + (long) MAX_TIMEOUT_SECONDS + " seconds", ExitCodes.USAGE);
    }
    Set<IpAddress> resolverIps = new HashSet<>();
    for (String r : resolvers) {
      if (!IpAddress.isLiteral(r)) {
        throw new UserFacingException("--resolver " + r + " is not an IP address", ExitCodes.USAGE);
      }
      resolverIps.add(IpAddress.parse(r));
    }
    Set<Integer> ports = new HashSet<>(DecoderConfig.defaults().dnsPorts());
    for (int p : dnsPorts) {
      if (p < 1 || p > 65535) {
        throw new UserFacingException("--dns-port " + p + " is not a port number", ExitCodes.USAGE);
      }
      ports.add(p);
    }
    PairingConfig d = PairingConfig.defaults();
    PairingConfig pairing =
        new PairingConfig((long) (timeoutSeconds * 1e9), d.maxPendingQueries(), resolverIps, d.detectResolvers());
    return new IngestPipeline.Config(DecoderConfig.defaults().withDnsPorts(ports), pairing, hashSources);
  }

  /**
   * Whether every capture is named as a readable plain file (no directory, nothing missing): then {@link
   * #describe} can only fail on a read error, and an ingest may open its case while the files are hashed.
   */
  public boolean plainFilesOnly() {
    for (Path p : paths) {
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        return false;
      }
    }
    return !paths.isEmpty();
  }

  /** The files of the run; a missing path is a user error. */
  public List<SourceInfo> describe(IngestPipeline pipeline) throws IOException {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UserFacingException("no such capture: " + p, ExitCodes.BAD_INPUT);
      }
      if (!Files.isReadable(p)) {
        throw new UserFacingException("cannot read " + p + ": permission denied", ExitCodes.BAD_INPUT);
      }
    }
    List<SourceInfo> sources = pipeline.describe(paths);
    if (sources.isEmpty()) {
      throw new UserFacingException("no capture files in " + paths, ExitCodes.BAD_INPUT);
    }
    return sources;
  }
}
