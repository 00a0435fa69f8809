package org.dnslens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dnslens} command. */
@Command(
    name = "dnslens",
    mixinStandardHelpOptions = true,
    versionProvider = DnslensCli.Version.class,
    description = "DNS forensic analyzer: captures and dnstap streams to transactions, records, passive DNS, IOC hits and C2 findings.")
public final class DnslensCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line (tests call this with their own out/err writers). */
  public static CommandLine newCommandLine() {
    return new CommandLine(new DnslensCli());
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
