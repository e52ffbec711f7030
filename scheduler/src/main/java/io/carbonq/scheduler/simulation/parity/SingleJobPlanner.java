package io.carbonq.scheduler.simulation.parity;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.planning.Interruptions;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Planner;
import io.carbonq.scheduler.planning.PlanningInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs carbonq's planner, unchanged, on one job at a time in one zone with unlimited capacity: the
 * setting of the published single-node experiments. Steps of 30 minutes, perfect forecast.
 */
final class SingleJobPlanner {
  static final Duration STEP = Duration.ofMinutes(30);
  private static final GpuPowerModel ONE_KILOWATT = new GpuPowerModel(Map.of("GPU", 1000.0), 1.0);

  private final IntensitySeries series;
  private final NodePool pool;

  SingleJobPlanner(IntensitySeries series) {
    this.series = series;
    this.pool = new NodePool("node", new Region("node", series.zone(), 1.0), "GPU", 1_000_000);
  }

  /**
   * The placement of a job that may start from {@code earliest} and must end by {@code deadline}.
   */
  Placed place(String id, Instant earliest, Duration duration, Instant deadline) {
    return place(id, earliest, duration, deadline, false);
  }

  /**
   * The placement of a job that may start from {@code earliest} and must end by {@code deadline};
   * when {@code interruptible}, in as many pieces as the planner chooses, a resume costing nothing
   * (as in the published experiment).
   */
  Placed place(
      String id, Instant earliest, Duration duration, Instant deadline, boolean interruptible) {
    Workload job =
        Workload.builder(id)
            .earliestStart(earliest)
            .duration(duration)
            .deadline(deadline)
            .regions(List.of("node"))
            .home("node")
            .interruptible(interruptible)
            .build();
    Duration horizon = Duration.between(earliest, deadline).plus(STEP);
    PlanningInput input =
        new PlanningInput(
            earliest,
            List.of(job),
            List.of(pool),
            List.of(),
            Map.of(series.zone(), series),
            ONE_KILOWATT,
            STEP,
            horizon,
            0,
            interruptible
                ? Interruptions.split(Duration.ZERO, Map.of(), Map.of())
                : Interruptions.NONE,
            Map.of());
    return Planner.plan(input).placed().get(0);
  }

  /** The emissions, in kg for 1 kW, of running over {@code [start, start + duration)}. */
  double kgAt(Instant start, Duration duration) {
    return series.meanGramsPerKwh(start, start.plus(duration)) * duration.toSeconds() / 3600 / 1000;
  }

  IntensitySeries series() {
    return series;
  }
}
