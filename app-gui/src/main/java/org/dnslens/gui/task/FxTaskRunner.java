package org.dnslens.gui.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * Runs work in {@link javafx.concurrent.Task}s on daemon threads; outcomes and progress arrive on the FX
 * thread. The only class that calls {@link Platform#runLater} (STYLE.md 2.2 rule 5).
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
  private static final int THREADS = 2;
  private final ExecutorService executor;

  public FxTaskRunner() {
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "dnslens-task-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public <T> Handle run(
      String title,
      Work<T> work,
      Consumer<T> onSuccess,
      Consumer<Throwable> onFailure,
      ProgressListener onProgress) {
    // Cancelling sets a flag the work polls, rather than Task.cancel(): the work then ends normally and
    // reports what it did (a cancelled ingest says so), and the view-model always hears back.
    AtomicBoolean cancelled = new AtomicBoolean();
    Task<T> task =
        new Task<>() {
          @Override
          protected T call() throws Exception {
            updateTitle(title);
            return work.run(
                new TaskContext() {
                  @Override
                  public void progress(double fraction, String message) {
                    Platform.runLater(() -> onProgress.progress(fraction, message));
                  }

                  @Override
                  public boolean isCancelled() {
                    return cancelled.get();
                  }
                });
          }
        };
    task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
    task.setOnFailed(e -> onFailure.accept(task.getException()));
    executor.execute(task);
    return new Handle() {
      @Override
      public void cancel() {
        cancelled.set(true);
      }

      @Override
      public boolean isDone() {
        return task.isDone();
      }
    };
  }

  /** Runs {@code r} on the FX thread (for callers outside a task, such as drag-and-drop handlers). */
  public static void later(Runnable r) {
    Platform.runLater(r);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
