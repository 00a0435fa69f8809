package org.dnslens.gui.task;

import java.util.function.Consumer;

/** Runs every task at once on the calling thread: for view-model tests without a JavaFX toolkit. */
public final class SameThreadTaskRunner implements TaskRunner {
  @Override
  public <T> Handle run(
      String title,
      Work<T> work,
      Consumer<T> onSuccess,
      Consumer<Throwable> onFailure,
      ProgressListener onProgress) {
    boolean[] cancelled = {false};
    TaskContext ctx =
        new TaskContext() {
          @Override
          public void progress(double fraction, String message) {
            onProgress.progress(fraction, message);
          }

          @Override
          public boolean isCancelled() {
            return cancelled[0];
          }
        };
    T result;
    try {
      result = work.run(ctx);
    } catch (Exception e) {
      onFailure.accept(e);
      return done(cancelled);
    }
    onSuccess.accept(result);
    return done(cancelled);
  }

  private static Handle done(boolean[] cancelled) {
    return new Handle() {
      @Override
      public void cancel() {
        cancelled[0] = true;
      }

      @Override
      public boolean isDone() {
        return true;
      }
    };
  }
}
