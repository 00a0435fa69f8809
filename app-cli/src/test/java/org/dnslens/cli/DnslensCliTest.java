package org.dnslens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command tree built for one subcommand behaves as the whole tree does for that subcommand. */
class DnslensCliTest {
  @Test
  void everySubcommandIsRegisteredUnderItsOwnName() {
    for (Map.Entry<String, Class<?>> e : DnslensCli.SUBCOMMANDS.entrySet()) {
      assertThat(e.getValue().getAnnotation(Command.class).name()).isEqualTo(e.getKey());
    }
    assertThat(DnslensCli.newCommandLine().getSubcommands().keySet())
        .containsExactlyElementsOf(DnslensCli.SUBCOMMANDS.keySet());
  }

  @Test
  void theSubcommandIsTheFirstWordThatIsNotAnOption() {
    assertThat(DnslensCli.subcommandOf(new String[] {"read", "x.pcap"})).isEqualTo("read");
    assertThat(DnslensCli.subcommandOf(new String[] {"-v", "-v", "ioc", "match"})).isEqualTo("ioc");
    assertThat(DnslensCli.subcommandOf(new String[] {"raed", "x.pcap"})).isNull();
    assertThat(DnslensCli.subcommandOf(new String[] {"--help"})).isNull();
    assertThat(DnslensCli.subcommandOf(new String[0])).isNull();
  }

  @Test
  void oneSubcommandsTreeOnlyHoldsThatSubcommand() {
    assertThat(DnslensCli.newCommandLine(new ByteArrayOutputStream(), "read").getSubcommands().keySet())
        .containsExactly("read");
  }

  @Test
  void helpAndErrorsOfEachSubcommandAreTheSameInItsOwnTree() {
    for (String name : DnslensCli.SUBCOMMANDS.keySet()) {
      for (String[] args :
          new String[][] {{name, "--help"}, {"-v", name, "--help"}, {name, "--no-such-option"}}) {
        assertThat(run(DnslensCli.newCommandLine(new ByteArrayOutputStream(), name), args))
            .as(String.join(" ", args))
            .isEqualTo(run(DnslensCli.newCommandLine(new ByteArrayOutputStream()), args));
      }
    }
  }

  /** Exit code, standard output and standard error of one execution. */
  private static String run(CommandLine cmd, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return exit + "\n" + out + "\n---\n" + err;
  }
}
