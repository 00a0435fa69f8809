package org.dnslens.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.option.LiveOptions;
import org.dnslens.engine.capture.LiveCapture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dnslens capture}: live capture on an interface, transactions written as they complete. */
@Command(
    name = "capture",
    mixinStandardHelpOptions = true,
    description = {
      "Captures DNS live on an interface with libpcap (needs root or CAP_NET_RAW) and writes one line per"
          + " transaction as it completes. Parsing runs on its own thread; packets the parser could not keep"
          + " up with are counted (live_queue_full), as are kernel and interface drops. Ctrl-C (or SIGTERM)"
          + " stops: pending queries are written as unanswered and the exit status is 0."
    })
public final class CaptureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE", description = "Interface to capture on (see 'dnslens interfaces').")
  String iface;

  @Option(names = {"-f", "--filter"}, paramLabel = "BPF", description = "libpcap filter. Default: DNS on 53/5353/5355 over UDP and TCP, and IP fragments.")
  String filter = LiveCapture.DEFAULT_FILTER;

  @Option(names = "--snaplen", paramLabel = "N", defaultValue = "65535", description = "Bytes kept per packet. Default: ${DEFAULT-VALUE}.")
  int snaplen;

  @Option(names = "--buffer", paramLabel = "MB", defaultValue = "16", description = "Kernel capture buffer in MiB. Default: ${DEFAULT-VALUE}.")
  int bufferMb;

  @Option(names = "--promisc", description = "Put the interface in promiscuous mode.")
  boolean promisc;

  @Option(names = "--write-pcap", paramLabel = "DIR", description = "Also keep the raw packets in rotating pcap files in DIR.")
  Path writePcap;

  @Mixin LiveOptions live;

  @Override
  public Integer call() throws IOException {
    if (bufferMb < 1 || bufferMb > 2048) {
      throw new UserFacingException("--buffer must be between 1 and 2048 MiB", ExitCodes.USAGE);
    }
    LiveCapture.Options options;
    try {
      options = new LiveCapture.Options(iface, filter, snaplen, bufferMb * 1024 * 1024, promisc, writePcap);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.USAGE);
    }
    return live.run(
        spec,
        "live:" + iface,
        feed -> {
          LiveCapture capture;
          try {
            capture = LiveCapture.start(options, feed, 0);
          } catch (LiveCapture.LiveCaptureException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT);
          }
          return new LiveOptions.Source() {
            @Override
            public String sourceStats() {
              return capture.stats().toString();
            }

            @Override
            public void close() throws IOException {
              capture.close();
            }
          };
        });
  }
}
