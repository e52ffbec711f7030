package io.carbonq.scheduler.domain;

import java.util.Objects;

/**
 * Marks a workload as a trial of a sweep, at most {@code maxParallel} of whose trials run at once.
 */
public record SweepRef(String sweepId, int maxParallel) {
  public SweepRef {
    Objects.requireNonNull(sweepId, "sweepId");
    if (maxParallel <= 0) {
      throw new IllegalArgumentException(
          "sweep " + sweepId + ": maxParallel must be > 0, got " + maxParallel);
    }
  }
}
