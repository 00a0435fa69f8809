package org.dnslens.cli.command;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.option.LiveOptions;
import org.dnslens.engine.dnstap.DnstapServer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dnslens dnstap}: receives dnstap from resolvers and writes transactions as they complete. */
@Command(
    name = "dnstap",
    mixinStandardHelpOptions = true,
    description = {
      "Listens for dnstap (Frame Streams, bidirectional handshake) from resolvers such as unbound, BIND,"
          + " Knot or dnsdist on a unix socket or TCP, and writes one line per transaction as it completes."
          + " Several resolvers may connect at once. Ctrl-C (or SIGTERM) stops: pending queries are written"
          + " as unanswered and the exit status is 0."
    })
public final class DnstapCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Endpoint endpoint;

  @Mixin LiveOptions live;

  /** Where to listen: exactly one of the two. */
  static final class Endpoint {
    @Option(names = "--socket", paramLabel = "PATH", description = "Unix socket to create (unbound: dnstap-socket-path).")
    Path socket;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "TCP address to listen on (unbound: dnstap-ip).")
    String listen;
  }

  @Override
  public Integer call() throws IOException {
    String label = endpoint.socket != null ? "dnstap:" + endpoint.socket : "dnstap:tcp:" + endpoint.listen;
    InetSocketAddress tcp = endpoint.listen == null ? null : parse(endpoint.listen);
    return live.run(
        spec,
        label,
        feed -> {
          DnstapServer server;
          try {
            server = tcp == null ? DnstapServer.unix(endpoint.socket, feed, 0) : DnstapServer.tcp(tcp, feed, 0);
          } catch (IOException e) {
            throw new UserFacingException(
                "cannot listen on " + label.substring("dnstap:".length()) + ": " + e.getMessage(), ExitCodes.BAD_INPUT);
          }
          return new LiveOptions.Source() {
            @Override
            public String sourceStats() {
              return server.connections() + " dnstap connections, " + server.frames() + " frames";
            }

            @Override
            public void close() throws IOException {
              server.close();
            }
          };
        });
  }

  static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new UserFacingException("--listen wants HOST:PORT, not " + hostPort, ExitCodes.USAGE);
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UserFacingException("--listen port is not a number: " + hostPort, ExitCodes.USAGE);
    }
    if (port < 0 || port > 65535) {
      throw new UserFacingException("--listen port out of range: " + port, ExitCodes.USAGE);
    }
    return new InetSocketAddress(host, port);
  }
}
