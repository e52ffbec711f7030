package io.carbonq.scheduler.simulation;

import java.time.Instant;
import java.util.Objects;

/**
 * One stretch of a workload's run in one region, {@code [from, until)}: from its start or resume to
 * its pause or end. Its GPUs are held in that region for exactly this time.
 */
public record RunSpan(int region, Instant from, Instant until) {

  public RunSpan {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (until.isBefore(from)) {
      throw new IllegalArgumentException("a span ends before it starts: " + from + " > " + until);
    }
  }
}
