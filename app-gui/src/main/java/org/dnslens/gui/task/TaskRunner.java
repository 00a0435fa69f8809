package org.dnslens.gui.task;

import java.util.function.Consumer;

/**
 * Runs work off the UI thread and delivers its outcome back on it. View-models depend on this seam only,
 * so their tests run with {@link SameThreadTaskRunner} and no toolkit.
 */
public interface TaskRunner {
  /** Work that may report progress and notice cancellation. */
  @FunctionalInterface
  interface Work<T> {
    T run(TaskContext context) throws Exception;
  }

  /** What a running task can see: report progress (0..1, or negative for unknown) and a cancel flag. */
  interface TaskContext {
    void progress(double fraction, String message);

    boolean isCancelled();
  }

  /** A started task. */
  interface Handle {
    void cancel();

    boolean isDone();
  }

  /**
   * Starts {@code work}; exactly one of {@code onSuccess} or {@code onFailure} is then called on the UI
   * thread; cancelling only sets the flag the work polls, so a cancelled work still ends in one of them. {@code onProgress} is called on the UI thread.
   */
  <T> Handle run(
      String title,
      Work<T> work,
      Consumer<T> onSuccess,
      Consumer<Throwable> onFailure,
      ProgressListener onProgress);

  default <T> Handle run(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
    return run(title, work, onSuccess, onFailure, ProgressListener.NONE);
  }

  /** Progress as seen on the UI thread. */
  @FunctionalInterface
  interface ProgressListener {
    ProgressListener NONE = (f, m) -> {};

    void progress(double fraction, String message);
  }
}
