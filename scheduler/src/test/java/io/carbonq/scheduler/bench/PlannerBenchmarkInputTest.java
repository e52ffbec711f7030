package io.carbonq.scheduler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.planning.Basis;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Plan;
import io.carbonq.scheduler.planning.Planner;
import io.carbonq.scheduler.planning.PlanningInput;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps the benchmark honest: its queue must be planned for real, not deferred wholesale. */
class PlannerBenchmarkInputTest {

  @Test
  void theBenchmarkQueueIsMostlyPlacedByForecastUnderRealLoad() {
    PlanningInput input = PlannerBenchmark.input(10_000, 42);

    Plan plan = Planner.plan(input);

    Map<Basis, Long> byBasis =
        new TreeMap<>(
            plan.placed().stream()
                .collect(Collectors.groupingBy(Placed::basis, Collectors.counting())));
    double gpuHours =
        plan.placed().stream()
            .mapToDouble(p -> p.workload().gpus() * p.workload().duration().toMinutes() / 60.0)
            .sum();
    double capacityGpuHours =
        input.pools().stream().mapToInt(p -> p.gpus()).sum() * input.horizon().toHours();
    System.out.printf(
        "benchmark queue: %s placed %s, deferred %s, load %.0f%% of capacity%n",
        plan.placed().size(),
        byBasis,
        plan.deferred().stream()
            .collect(Collectors.groupingBy(d -> d.reason(), Collectors.counting())),
        100 * gpuHours / capacityGpuHours);
    assertThat(plan.decisions()).hasSize(10_000);
    assertThat(byBasis.getOrDefault(Basis.FORECAST, 0L)).isGreaterThan(9_000);
    assertThat(gpuHours / capacityGpuHours).isBetween(0.3, 0.9);
  }
}
