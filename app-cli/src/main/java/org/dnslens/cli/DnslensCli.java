package org.dnslens.cli;

import java.io.OutputStream;
import org.dnslens.cli.command.ExportCommand;
import org.dnslens.cli.command.DnstapCommand;
import org.dnslens.cli.command.BenchCommand;
import org.dnslens.cli.command.CaptureCommand;
import org.dnslens.cli.command.InterfacesCommand;
import org.dnslens.cli.command.ReadCommand;
import org.dnslens.cli.command.AnalyzeCommand;
import org.dnslens.cli.command.HuntCommand;
import org.dnslens.cli.command.CompactCommand;
import org.dnslens.cli.command.InfoCommand;
import org.dnslens.cli.command.IocCommand;
import org.dnslens.cli.command.IngestCommand;
import org.dnslens.cli.command.PdnsCommand;
import org.dnslens.cli.command.SearchCommand;
import org.dnslens.cli.error.CliExceptionHandler;
import org.dnslens.cli.error.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code dnslens} command. */
@Command(
    name = "dnslens",
    mixinStandardHelpOptions = true,
    versionProvider = DnslensCli.Version.class,
    subcommands = {AnalyzeCommand.class, ReadCommand.class, IngestCommand.class, HuntCommand.class, IocCommand.class, ExportCommand.class, DnstapCommand.class, CaptureCommand.class, InterfacesCommand.class, BenchCommand.class, SearchCommand.class, PdnsCommand.class, InfoCommand.class, CompactCommand.class},
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
    int exit;
    try {
      exit = newCommandLine().execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("dnslens: out of memory; give Java more heap with DNSLENS_JAVA_OPTS=-Xmx4g");
      exit = ExitCodes.SOFTWARE;
    } catch (Throwable t) { // picocli hands back Errors (not Exceptions): still one sentence, never a trace
      System.err.println("dnslens: internal error (" + t + "). This is a bug; please report it with the"
          + " command line. Run with DNSLENS_DEBUG=1 for details.");
      if ("1".equals(System.getenv("DNSLENS_DEBUG"))) {
        t.printStackTrace();
      }
      exit = ExitCodes.SOFTWARE;
    }
    System.exit(exit);
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
    cmd.setParameterExceptionHandler(CliExceptionHandler::handleParameterException);
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
