package io.carbonq.scheduler.api;

import java.util.concurrent.Semaphore;

/**
 * A bound on how many costly calls (a what-if plans against the whole queue) run at once. One more
 * is refused at once with 429 rather than queued, so that a burst of them, even from a read-only
 * token, cannot take every request thread and make the probes and the queue look down.
 */
final class Admission {
  private final Semaphore permits;
  private final int atOnce;
  private final String what;

  Admission(int atOnce, String what) {
    if (atOnce < 1) {
      throw new IllegalArgumentException("atOnce must be at least 1, got " + atOnce);
    }
    this.permits = new Semaphore(atOnce);
    this.atOnce = atOnce;
    this.what = what;
  }

  /** A held place, let go on close; a 429 problem when every place is taken. */
  Place enter() {
    if (!permits.tryAcquire()) {
      throw new Problem(
          429,
          "busy",
          "Too many requests at once",
          "at most " + atOnce + " " + what + " run at once; retry in a second");
    }
    return new Place();
  }

  /** One place taken. */
  final class Place implements AutoCloseable {
    private boolean open = true;

    private Place() {}

    @Override
    public void close() {
      if (open) {
        open = false;
        permits.release();
      }
    }
  }
}
