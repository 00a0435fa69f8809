package org.dnslens.cli.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.capture.LiveCapture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dnslens interfaces}: what {@code capture -i} accepts. */
@Command(name = "interfaces", mixinStandardHelpOptions = true, description = "Lists the interfaces libpcap can capture on.")
public final class InterfacesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      for (LiveCapture.Interface i : LiveCapture.interfaces()) {
        out.println(
            i.name()
                + (i.up() ? "" : " (down)")
                + (i.loopback() ? " loopback" : "")
                + (i.addresses().isEmpty() ? "" : " " + String.join(" ", i.addresses()))
                + (i.description() == null ? "" : " — " + i.description()));
      }
    } catch (LiveCapture.LiveCaptureException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
