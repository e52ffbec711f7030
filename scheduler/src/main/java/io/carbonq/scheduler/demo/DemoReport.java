package io.carbonq.scheduler.demo;

import io.carbonq.scheduler.planning.Deferred;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Plan;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the demo found: the plan, each run's measured outcome, and the totals. */
public record DemoReport(
    Instant now, Plan plan, List<RunOutcome> outcomes, Map<String, String> zonesWithoutForecast) {

  public DemoReport {
    outcomes = List.copyOf(outcomes);
    zonesWithoutForecast = Map.copyOf(zonesWithoutForecast);
  }

  public int jobs() {
    return plan.decisions().size();
  }

  /** Sum of the planner's expected emissions over placed workloads that had a forecast. */
  public double plannedKgCo2e() {
    return plan.placed().stream().mapToDouble(p -> p.expectedKgCo2e().orElse(0)).sum();
  }

  public double realisedKgCo2e() {
    return outcomes.stream().mapToDouble(RunOutcome::realisedKgCo2e).sum();
  }

  public double runNowKgCo2e() {
    return outcomes.stream().mapToDouble(RunOutcome::runNowKgCo2e).sum();
  }

  /** Workloads that finish after their deadline, or are not placed at all. */
  public long deadlineMisses() {
    return plan.placed().stream().filter(p -> !p.meetsDeadline()).count() + plan.deferred().size();
  }

  public List<Deferred> deferred() {
    return plan.deferred();
  }

  /** When the last placed workload finishes. */
  public Optional<Instant> completedAt() {
    return plan.placed().stream().map(Placed::end).max(Comparator.naturalOrder());
  }

  public double gpuHours() {
    return plan.placed().stream()
        .mapToDouble(p -> p.workload().gpus() * p.workload().duration().toMinutes() / 60.0)
        .sum();
  }
}
