package io.carbonq.scheduler.simulation;

import java.time.Duration;
import java.time.Instant;

/**
 * How a user set a workload's deadline from the run time they stated, so that a deadline can be
 * drawn from the user's estimate rather than from the run time nobody knows in advance (which a
 * policy could otherwise read back out of the deadline).
 */
public sealed interface DeadlineRule {
  /** The deadline for work arriving at {@code arrival} whose user stated {@code stated}. */
  Instant deadline(Instant arrival, Duration stated);

  /** Work that must start on arrival: done when its run time is over. */
  record StartAtOnce() implements DeadlineRule {
    @Override
    public Instant deadline(Instant arrival, Duration stated) {
      return arrival.plus(stated);
    }
  }

  /** The run time and {@code slack} times it again (0.25: a quarter more). */
  record Relative(double slack) implements DeadlineRule {
    @Override
    public Instant deadline(Instant arrival, Duration stated) {
      return arrival.plusSeconds(Math.round(stated.getSeconds() * (1 + slack)));
    }
  }

  /** The run time and a fixed {@code slack} (six hours, a day, a week). */
  record After(Duration slack) implements DeadlineRule {
    @Override
    public Instant deadline(Instant arrival, Duration stated) {
      return arrival.plus(stated).plus(slack);
    }
  }

  /**
   * A sweep's trials: {@code waves} times the trial's run time (its waves, twice over), at least
   * {@code floor}.
   */
  record Waves(long waves, Duration floor) implements DeadlineRule {
    @Override
    public Instant deadline(Instant arrival, Duration stated) {
      Duration all = stated.multipliedBy(waves);
      return arrival.plus(all.compareTo(floor) > 0 ? all : floor);
    }
  }

  /** A deadline the trace gives; a queue refuses one before the arrival plus the run time. */
  record Fixed(Instant at) implements DeadlineRule {
    @Override
    public Instant deadline(Instant arrival, Duration stated) {
      Instant earliest = arrival.plus(stated);
      return at.isBefore(earliest) ? earliest : at;
    }
  }
}
