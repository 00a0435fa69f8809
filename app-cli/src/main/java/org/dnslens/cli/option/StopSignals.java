package org.dnslens.cli.option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.dnslens.cli.error.ExitCodes;

/**
 * SIGINT and SIGTERM as a stop request for a live run: the run ends its sources, flushes pairing,
 * commits and returns 0 normally. The signals are caught before the JVM starts shutting down, rather
 * than in a shutdown hook, because other hooks run concurrently with ours: H2 closes the case in its own
 * hook (DB_CLOSE_ON_EXIT), so the last part could never be committed from a hook. A second signal while
 * stopping ends the process at once (128 + signal number), as a user pressing Ctrl-C twice expects.
 * Where the JVM does not let us handle the signals (e.g. {@code -Xrs}), a shutdown hook requests the stop
 * and waits up to {@value #MAX_SHUTDOWN_WAIT_SECONDS} s for the run to finish.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported, present in every JDK 17) is reached by reflection:
 * javac's "internal proprietary API" warning cannot be suppressed and the build treats warnings as
 * errors.
 */
final class StopSignals implements AutoCloseable {
  /** Longest wait, in the fallback shutdown hook, for the run to flush before the process ends anyway. */
  static final long MAX_SHUTDOWN_WAIT_SECONDS = 30;

  private static final int SIGNAL_EXIT_BASE = 128;

  private final List<Object> signals = new ArrayList<>();
  private final List<Object> previous = new ArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private Method handle;
  private Thread hook;

  private StopSignals() {}

  static StopSignals install(AtomicBoolean stop) {
    StopSignals s = new StopSignals();
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method number = signalClass.getMethod("getNumber");
      s.handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Object handler =
          Proxy.newProxyInstance(
              StopSignals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "handle" -> {
                    if (!stop.compareAndSet(false, true)) {
                      Runtime.getRuntime().halt(SIGNAL_EXIT_BASE + (int) number.invoke(args[0]));
                    }
                    return null;
                  }
                  case "hashCode" -> {
                    return System.identityHashCode(proxy);
                  }
                  case "equals" -> {
                    return proxy == args[0];
                  }
                  default -> {
                    return "dnslens stop handler";
                  }
                }
              });
      for (String name : List.of("INT", "TERM")) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        try {
          s.previous.add(s.handle.invoke(null, signal, handler));
          s.signals.add(signal);
        } catch (InvocationTargetException inUseByTheVm) {
          s.addHook(stop);
        }
      }
    } catch (ReflectiveOperationException | LinkageError noSignalApi) {
      s.addHook(stop);
    }
    return s;
  }

  private void addHook(AtomicBoolean stop) {
    if (hook != null) {
      return;
    }
    hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                if (done.await(MAX_SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                  Runtime.getRuntime().halt(ExitCodes.OK);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dnslens-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The run has finished: restores the previous handlers (or releases the fallback hook). */
  @Override
  public void close() {
    done.countDown();
    for (int i = 0; i < signals.size(); i++) {
      try {
        handle.invoke(null, signals.get(i), previous.get(i));
      } catch (ReflectiveOperationException e) {
        // the process is ending anyway; the old handler only matters to a caller that goes on
      }
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it ends the process with 0 now that we are done
      }
    }
  }
}
