package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.RunNow;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The workload runs on {@code pool} over {@code [start, end)}. {@code energyKwh} is the IT energy
 * (PUE excluded); {@code expectedKgCo2e} is energy × forecast mean intensity × PUE, empty when no
 * forecast covered the window; {@code runNowKgCo2e} is the same for starting as soon as allowed
 * where {@code runNow} says (the home, or the first free pool), empty when that cannot be computed.
 * {@code segments} are the uninterrupted pieces of the run, one unless an interruptible workload
 * was split (then {@code energyKwh} and the emissions include the resume overheads).
 */
public record Placed(
    Workload workload,
    NodePool pool,
    Instant start,
    Instant end,
    double energyKwh,
    OptionalDouble expectedKgCo2e,
    OptionalDouble runNowKgCo2e,
    RunNow runNow,
    Basis basis,
    String why,
    List<Segment> segments)
    implements Decision {

  public Placed {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(runNow, "runNow");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(why, "why");
    segments = List.copyOf(segments);
    if (segments.isEmpty()
        || !segments.get(0).start().equals(start)
        || !segments.get(segments.size() - 1).end().equals(end)) {
      throw new IllegalArgumentException("segments must run from start to end");
    }
  }

  /** Whether the run pauses and resumes: more than one segment. */
  public boolean split() {
    return segments.size() > 1;
  }

  /** Whether the plan has the workload running at {@code time}. */
  public boolean runsAt(Instant time) {
    return segments.stream().anyMatch(segment -> segment.contains(time));
  }

  /** How long the workload waits after it could first have started. */
  public Duration wait(Instant now) {
    Instant ready = workload.readyAt(now);
    return start.isAfter(ready) ? Duration.between(ready, start) : Duration.ZERO;
  }

  public boolean meetsDeadline() {
    return !end.isAfter(workload.deadline());
  }

  /** The saving against running now as {@code runNow} says, as a fraction; empty when unknown. */
  public OptionalDouble savingFraction() {
    if (expectedKgCo2e.isEmpty() || runNowKgCo2e.isEmpty() || runNowKgCo2e.getAsDouble() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(1 - expectedKgCo2e.getAsDouble() / runNowKgCo2e.getAsDouble());
  }
}
