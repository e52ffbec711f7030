package io.carbonq.scheduler.service;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether the planning cycle is alive and well, for {@code /readyz}: it has not failed several
 * times in a row, and, while this instance leads, one has ended recently (a cycle that stopped
 * coming, whatever killed its thread, shows here). Thread-safe.
 */
public final class CycleHealth {
  /** Failures in a row after which the service says it is not ready. */
  static final int FAILURES_BEFORE_UNREADY = 3;

  private final InstantSource clock;
  private volatile Duration expectedEvery = Duration.ofMinutes(5);
  private volatile BooleanSupplier leading = () -> false;
  private volatile Instant since;
  private volatile Optional<Instant> lastEnded = Optional.empty();
  private volatile int failuresInARow;
  private volatile String lastError = "";
  private final java.util.concurrent.atomic.AtomicLong ended =
      new java.util.concurrent.atomic.AtomicLong();

  CycleHealth(InstantSource clock) {
    this.clock = clock;
    this.since = clock.instant();
  }

  /** How often cycles come, and whether this instance runs them now. */
  void expect(Duration every, BooleanSupplier leadingNow) {
    this.expectedEvery = every;
    this.leading = leadingNow;
    this.since = clock.instant();
  }

  void succeeded() {
    ended.incrementAndGet();
    lastEnded = Optional.of(clock.instant());
    failuresInARow = 0;
  }

  void failed(Throwable error) {
    ended.incrementAndGet();
    lastEnded = Optional.of(clock.instant());
    failuresInARow++;
    lastError = String.valueOf(error.getMessage());
  }

  /** How many cycles have ended, well or not, since this instance started. */
  public long cyclesEnded() {
    return ended.get();
  }

  /** What keeps the service from being ready; empty when it is. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (failuresInARow >= FAILURES_BEFORE_UNREADY) {
      problems.add("the planning cycle failed " + failuresInARow + " times in a row: " + lastError);
    }
    if (leading.getAsBoolean()) {
      // Three periods and a minute: a long cycle or a busy machine is not a dead one.
      Duration allowed = expectedEvery.multipliedBy(3).plusMinutes(1);
      Instant last = lastEnded.filter(ended -> ended.isAfter(since)).orElse(since);
      if (Duration.between(last, clock.instant()).compareTo(allowed) > 0) {
        problems.add(
            "no planning cycle has ended since "
                + last
                + " (expected every "
                + io.carbonq.config.DurationText.format(expectedEvery)
                + ")");
      }
    }
    return problems;
  }
}
