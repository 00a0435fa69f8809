package org.dnslens.cli;

import org.dnslens.cli.command.InfoCommand;
import org.dnslens.cli.command.PdnsCommand;
import org.dnslens.cli.command.SearchCommand;
import org.dnslens.cli.error.CliExceptionHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code dnslens} command. */
@Command(
    name = "dnslens",
    mixinStandardHelpOptions = true,
    versionProvider = DnslensCli.Version.class,
    subcommands = {SearchCommand.class, PdnsCommand.class, InfoCommand.class},
    description = "DNS forensic analyzer: captures and dnstap streams to transactions, records, passive DNS, IOC hits and C2 findings.")
public final class DnslensCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "-v",
      description = "More detail on errors; -vv prints stack traces of internal errors.",
      scope = CommandLine.ScopeType.INHERIT)
  boolean[] verbosity = new boolean[0];

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line (tests call this with their own out/err writers). */
  public static CommandLine newCommandLine() {
    CommandLine cmd = new CommandLine(new DnslensCli());
    cmd.setExecutionExceptionHandler(new CliExceptionHandler());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    return cmd;
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
