package org.dnslens.cli;

import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
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
    description = "DNS forensic analyzer: captures and dnstap streams to transactions, records, passive DNS, IOC hits and C2 findings.")
public final class DnslensCli implements Runnable {
  /**
   * The subcommands by name, in the order the help lists them. Registered here rather than in the
   * annotation so that a run of one subcommand builds only that one's picocli model: building all
   * fourteen (reflection over every option, mixin and type converter, an instance of each command) was
   * most of the 0.3 s between JVM start and the first packet of {@code dnslens read}. Names must equal
   * each class's {@code @Command(name)} (DnslensCliTest checks).
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("analyze", AnalyzeCommand.class);
    m.put("read", ReadCommand.class);
    m.put("ingest", IngestCommand.class);
    m.put("hunt", HuntCommand.class);
    m.put("ioc", IocCommand.class);
    m.put("export", ExportCommand.class);
    m.put("dnstap", DnstapCommand.class);
    m.put("capture", CaptureCommand.class);
    m.put("interfaces", InterfacesCommand.class);
    m.put("bench", BenchCommand.class);
    m.put("search", SearchCommand.class);
    m.put("pdns", PdnsCommand.class);
    m.put("info", InfoCommand.class);
    m.put("compact", CompactCommand.class);
    return java.util.Collections.unmodifiableMap(m);
  }

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
      exit = newCommandLine(System.out, subcommandOf(args)).execute(args);
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
    return newCommandLine(stdout, null);
  }

  /**
   * As {@link #newCommandLine(OutputStream)}, with only the subcommand {@code only} when it names one
   * (null: all of them). Parsing the arguments of that subcommand, its help and its errors are the same
   * either way; only the root's usage lists fewer commands, and the root usage is printed only when no
   * subcommand is named.
   */
  static CommandLine newCommandLine(OutputStream stdout, String only) {
    CommandLine cmd = new CommandLine(new DnslensCli(stdout));
    for (Map.Entry<String, Class<?>> e : SUBCOMMANDS.entrySet()) {
      if (only == null || only.equals(e.getKey())) {
        cmd.addSubcommand(e.getKey(), e.getValue());
      }
    }
    cmd.setExecutionExceptionHandler(new CliExceptionHandler());
    cmd.setParameterExceptionHandler(CliExceptionHandler::handleParameterException);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    return cmd;
  }

  /**
   * The subcommand the arguments run, when their first word that is not an option names one; null
   * otherwise (no subcommand, a typo, or root options only), and the whole command tree is built so
   * picocli's usage and suggestions see every command. The root's own options take no values, so the
   * first other word is the subcommand.
   */
  static String subcommandOf(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return SUBCOMMANDS.containsKey(a) ? a : null;
      }
    }
    return null;
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
