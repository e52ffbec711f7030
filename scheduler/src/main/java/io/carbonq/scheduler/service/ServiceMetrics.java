package io.carbonq.scheduler.service;

import io.carbonq.scheduler.budget.BudgetStatus;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.store.QueueStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * What the service reports to Prometheus: queue depth by state, planned kgCO2e against running at
 * once (and the saving), the planning cycle's duration and the forecast fallbacks and gaps. Queue
 * figures are read from the database at scrape time, so every instance reports the whole queue.
 */
public final class ServiceMetrics {
  private static final Set<JobState> PLANNED_OR_LATER =
      EnumSet.of(
          JobState.PLANNED,
          JobState.DISPATCHED,
          JobState.RUNNING,
          JobState.PAUSED,
          JobState.SUCCEEDED);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final QueueStore store;
  private final Timer planningCycle;
  private final Counter planningCycleFailures;
  private final MultiGauge budgetLimit;
  private final MultiGauge budgetUsed;
  private final MultiGauge budgetLeft;

  public ServiceMetrics(QueueStore store) {
    this.store = store;
    for (JobState state : JobState.values()) {
      Gauge.builder("carbonq_jobs", () -> store.countByState().getOrDefault(state, 0L))
          .description("jobs in the queue by state")
          .tag("state", state.label())
          .register(registry);
    }
    Gauge.builder("carbonq_planned_kgco2e", () -> sum(true))
        .description("expected kgCO2e of jobs planned, dispatched, running, paused or done")
        .register(registry);
    Gauge.builder("carbonq_run_now_kgco2e", () -> sum(false))
        .description(
            "kgCO2e the same jobs would emit started at once: at home, else on the first free pool")
        .register(registry);
    Gauge.builder("carbonq_saved_kgco2e", () -> sum(false) - sum(true))
        .description("run-now minus planned kgCO2e")
        .register(registry);
    planningCycle =
        Timer.builder("carbonq_planning_cycle")
            .description("duration of a planning cycle")
            .register(registry);
    planningCycleFailures =
        Counter.builder("carbonq_planning_cycle_failures")
            .description("planning cycles that ended in an error")
            .register(registry);
    budgetLimit =
        MultiGauge.builder("carbonq_budget_kgco2e")
            .description("carbon budget per period of an owner or team (scope)")
            .register(registry);
    budgetUsed =
        MultiGauge.builder("carbonq_budget_used_kgco2e")
            .description("kgCO2e counted against a budget: finished, started and planned jobs")
            .register(registry);
    budgetLeft =
        MultiGauge.builder("carbonq_budget_left_kgco2e")
            .description("kgCO2e a budget has left in its period")
            .register(registry);
  }

  /** Where each budget stands, as of the last planning cycle. */
  void budgets(List<BudgetStatus> statuses) {
    budgetLimit.register(rows(statuses, status -> status.budget().config().kgCo2e()), true);
    budgetUsed.register(rows(statuses, BudgetStatus::usedKg), true);
    budgetLeft.register(rows(statuses, BudgetStatus::leftKg), true);
  }

  private static List<MultiGauge.Row<?>> rows(
      List<BudgetStatus> statuses, ToDoubleFunction<BudgetStatus> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (BudgetStatus status : statuses) {
      double figure = value.applyAsDouble(status);
      rows.add(
          MultiGauge.Row.of(
              Tags.of(
                  "scope",
                  status.budget().config().scope().toString(),
                  "period",
                  status.budget().config().period().label()),
              figure));
    }
    return rows;
  }

  private double sum(boolean planned) {
    double total = 0;
    for (Map.Entry<JobState, QueueStore.Emissions> entry : store.emissionsByState().entrySet()) {
      if (PLANNED_OR_LATER.contains(entry.getKey())) {
        total += planned ? entry.getValue().plannedKg() : entry.getValue().runNowKg();
      }
    }
    return total;
  }

  void planningCycle(Duration took) {
    planningCycle.record(took);
  }

  void planningCycleFailed() {
    planningCycleFailures.increment();
  }

  /** A zone planned without a forecast (fail-open) or on a fallback source. */
  void forecastTrouble(String zone, String kind) {
    Counter.builder("carbonq_forecast_trouble")
        .description(
            "zones planned on a fallback source (fallback) or without a forecast (missing)")
        .tag("zone", zone)
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
