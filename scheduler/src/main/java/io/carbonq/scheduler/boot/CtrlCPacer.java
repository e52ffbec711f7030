package io.carbonq.scheduler.boot;

import io.carbonq.scheduler.cli.WatchPacer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Paces watches in a real process: the first Ctrl-C (SIGINT) ends the wait, so the watch returns
 * and exits 0 with no stack trace, where the JVM would exit 130; a second Ctrl-C, say while the
 * server is slow to answer, stops the process as the JVM always does. The handler is installed when
 * a watch starts, so commands that never watch ({@code serve}) keep the JVM's. {@code
 * sun.misc.Signal}, which javac warns of, is the only way Java hears SIGINT without exiting.
 */
final class CtrlCPacer implements WatchPacer {
  private static final Signal INTERRUPT = new Signal("INT");
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicReference<SignalHandler> before = new AtomicReference<>();

  @Override
  public void start() {
    if (before.get() != null) {
      return;
    }
    SignalHandler jvms =
        Signal.handle(
            INTERRUPT,
            signal -> {
              stopped.countDown();
              SignalHandler restore = before.get();
              if (restore != null) {
                Signal.handle(INTERRUPT, restore);
              }
            });
    before.set(jvms);
  }

  @Override
  public boolean await(Duration interval) {
    start();
    try {
      return !stopped.await(interval.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
