package org.dnslens.cli;

import java.io.OutputStream;
import org.dnslens.cli.command.CaptureCommand;
import org.dnslens.cli.command.DnstapCommand;
import org.dnslens.cli.command.InterfacesCommand;
import org.dnslens.cli.command.ReadCommand;
import org.dnslens.cli.error.CliExceptionHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code dnslens} command. */
@Command(
    name = "dnslens",
    mixinStandardHelpOptions = true,
    subcommands = {ReadCommand.class, DnstapCommand.class, CaptureCommand.class, InterfacesCommand.class},
    versionProvider = DnslensCli.Version.class,
    description = "DNS forensic analyzer: captures and dnstap streams to transactions, records, passive DNS, IOC hits and C2 findings.")
public final class DnslensCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "-v",
      description = "More detail on errors; -vv prints stack traces of internal errors.",
      scope = CommandLine.ScopeType.INHERIT)
  boolean[] verbosity = new boolean[0];

  /** Where byte-oriented output (NDJSON, msgpack) goes; tests give their own. */
  private final OutputStream stdout;

  DnslensCli(OutputStream stdout) {
    this.stdout = stdout;
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line. */
  public static CommandLine newCommandLine() {
    return newCommandLine(System.out);
  }

  /**
   * The configured command line writing byte output to {@code stdout} (tests also set their own out/err
   * writers with {@code setOut}/{@code setErr}).
   */
  public static CommandLine newCommandLine(OutputStream stdout) {
    CommandLine cmd = new CommandLine(new DnslensCli(stdout));
    cmd.setExecutionExceptionHandler(new CliExceptionHandler());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    return cmd;
  }

  /** The byte stream for standard output of the command line that {@code spec} belongs to. */
  public static OutputStream stdout(CommandLine.Model.CommandSpec spec) {
    return ((DnslensCli) spec.root().userObject()).stdout;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DnslensCli.class.getPackage().getImplementationVersion();
      return new String[] {"dnslens " + (v != null ? v : "development build")};
    }
  }
}
