package io.carbonq.scheduler.cli;

import java.time.Duration;

/**
 * Paces a command that asks the server again and again ({@code list -w}, {@code status -w}, {@code
 * logs -f}): waits between two asks and says when the user has stopped it (Ctrl-C), so that the
 * command ends cleanly instead of being killed. Only the entry point knows the signals; tests pass
 * one that decides when to stop.
 */
public interface WatchPacer {
  /** Called once, before the first ask: from now on Ctrl-C stops the command. */
  default void start() {}

  /**
   * Waits {@code interval}; false, at once, when the user stopped the command then or before.
   * Called from one thread at a time.
   */
  boolean await(Duration interval);

  /** Sleeps; only an interrupt of the waiting thread stops it (Ctrl-C then ends the JVM). */
  WatchPacer SLEEPING =
      interval -> {
        try {
          Thread.sleep(interval.toMillis());
          return true;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      };
}
