package io.carbonq.scheduler.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One job of a workload trace, on the simulation's time line: what the trace says of it. What it
 * leaves out (deadline, whether it may pause, where it may run, its home) the scenario draws.
 * Latency-sensitive jobs must start on arrival, at home.
 */
public record RecordedJob(
    String id,
    int gpus,
    Instant arrival,
    Duration duration,
    boolean latencySensitive,
    Optional<Instant> deadline,
    Optional<Boolean> interruptible,
    Optional<List<String>> regions,
    Optional<String> home) {

  public RecordedJob {
    Objects.requireNonNull(id, "id");
    deadline = Objects.requireNonNull(deadline, "deadline");
    interruptible = Objects.requireNonNull(interruptible, "interruptible");
    regions = Objects.requireNonNull(regions, "regions").map(List::copyOf);
    home = Objects.requireNonNull(home, "home");
  }

  /** A job of which the trace knows only arrival, run time, GPUs and class. */
  public static RecordedJob bare(
      String id, int gpus, Instant arrival, Duration duration, boolean latencySensitive) {
    return new RecordedJob(
        id,
        gpus,
        arrival,
        duration,
        latencySensitive,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
