package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How far users' run-time estimates miss: each workload is submitted with its actual run time times
 * a factor drawn uniformly from [1 − error, 1 + error], in whole seconds. Policies plan with the
 * estimate; the simulator runs the actual time, and the oracles know it. Drawn from the seed in the
 * scenario's order, so that every policy meets the same estimates, on a generator of their own so
 * that they do not repeat the draws that built the scenario.
 */
public record DurationEstimates(double error, long seed) {
  /** Every estimate exact. */
  public static final DurationEstimates EXACT = new DurationEstimates(0, 0);

  public DurationEstimates {
    if (!(error >= 0 && error < 1)) {
      throw new IllegalArgumentException(
          "the run-time estimate error must be at least 0 and below 1 (0.3 for ±30 %), got "
              + error);
    }
  }

  public boolean exact() {
    return error == 0;
  }

  /** Each workload as its user submitted it, in the order given. */
  List<Workload> submitted(List<Workload> actual) {
    if (exact()) {
      return actual;
    }
    SplittableRandom random = new SplittableRandom(seed);
    return actual.stream().map(workload -> submitted(workload, random.nextDouble())).toList();
  }

  private Workload submitted(Workload actual, double draw) {
    double factor = 1 + error * (2 * draw - 1);
    long seconds = Math.max(1, Math.round(actual.duration().getSeconds() * factor));
    Duration estimate = Duration.ofSeconds(seconds);
    Workload.Builder builder = Workload.builder(actual.id()).like(actual).duration(estimate);
    // Work that must start on arrival is submitted so, whatever its estimate; other work whose
    // estimate overruns its deadline is submitted with the deadline its estimate allows (a queue
    // refuses a deadline before the earliest start plus the run time). Misses are still counted
    // against the actual deadline.
    Instant byEstimate = actual.earliestStart().plus(estimate);
    if (actual.latestStart().equals(actual.earliestStart())
        || byEstimate.isAfter(actual.deadline())) {
      builder.deadline(byEstimate);
    }
    return builder.build();
  }
}
