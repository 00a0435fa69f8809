package org.dnslens.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.option.ExportOptions;
import org.dnslens.engine.export.delivery.DeliveryQueue;
import org.dnslens.engine.export.delivery.SpillFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dnslens export --resend SPILLFILE <delivery flags>}: re-sends the records a delivery spilled.
 * Exporting a case database ({@code --case}) is not written yet (docs/EXPORT.md).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {"Re-sends a spill file (records a fluentd/Kafka/syslog peer did not take) through a delivery."})
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ExportOptions export;

  @Option(names = "--resend", paramLabel = "SPILLFILE", required = true, description = "Spill file written by an earlier delivery.")
  Path resend;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(resend)) {
      throw new UserFacingException("no such spill file: " + resend, ExitCodes.BAD_INPUT);
    }
    export.sinks(ExportOptions.Format.json, false, i -> "");
    List<DeliveryQueue> queues = export.queues();
    if (queues.isEmpty()) {
      throw new UserFacingException("--resend needs a delivery: --kafka, --fluentd or --syslog", ExitCodes.USAGE);
    }
    try {
      SpillFile.forEach(resend, e -> {
        for (DeliveryQueue q : queues) {
          q.submit(e);
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted", ExitCodes.INTERRUPTED);
    } finally {
      export.finish(spec.commandLine().getErr());
    }
    return ExitCodes.OK;
  }
}
