package io.carbonq.scheduler.planning;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a plan depends on: the moment of planning, the queued workloads, the pools and the
 * GPUs already committed on them, the forecast per grid zone, the power model, and the slot step
 * and horizon of candidate starts, the GPUs kept back for work that cannot wait, and whether
 * interruptible work may be split. A zone missing from {@code forecastsByZone} has no forecast.
 * {@code forecastRevisionGramsPerKwhByZone} is how far each zone's forecast moved between its
 * recent issues (the root mean square of the change per period, gCO2e/kWh; see {@code
 * ForecastRevisions}): a split must save more than the noise that puts on its saving, so that
 * pauses do not chase what the next issue takes back. A zone missing from it has steady forecasts.
 */
public record PlanningInput(
    Instant now,
    List<Workload> workloads,
    List<NodePool> pools,
    List<Reservation> committed,
    Map<String, IntensitySeries> forecastsByZone,
    GpuPowerModel power,
    Duration step,
    Duration horizon,
    double reserveShare,
    Interruptions interruptions,
    Map<String, Double> forecastRevisionGramsPerKwhByZone) {

  /** An input that runs every workload in one window. */
  public PlanningInput(
      Instant now,
      List<Workload> workloads,
      List<NodePool> pools,
      List<Reservation> committed,
      Map<String, IntensitySeries> forecastsByZone,
      GpuPowerModel power,
      Duration step,
      Duration horizon,
      double reserveShare) {
    this(
        now,
        workloads,
        pools,
        committed,
        forecastsByZone,
        power,
        step,
        horizon,
        reserveShare,
        Interruptions.NONE,
        Map.of());
  }

  /** An input that keeps no GPUs back. */
  public PlanningInput(
      Instant now,
      List<Workload> workloads,
      List<NodePool> pools,
      List<Reservation> committed,
      Map<String, IntensitySeries> forecastsByZone,
      GpuPowerModel power,
      Duration step,
      Duration horizon) {
    this(now, workloads, pools, committed, forecastsByZone, power, step, horizon, 0);
  }

  public PlanningInput {
    if (!(reserveShare >= 0 && reserveShare < 1)) {
      throw new IllegalArgumentException("reserveShare must be in [0, 1), got " + reserveShare);
    }
    Objects.requireNonNull(now, "now");
    workloads = List.copyOf(workloads);
    pools = List.copyOf(pools);
    committed = List.copyOf(committed);
    forecastsByZone = Map.copyOf(forecastsByZone);
    Objects.requireNonNull(power, "power");
    Objects.requireNonNull(interruptions, "interruptions");
    forecastRevisionGramsPerKwhByZone = Map.copyOf(forecastRevisionGramsPerKwhByZone);
    forecastRevisionGramsPerKwhByZone.forEach(
        (zone, grams) -> {
          if (!(grams >= 0 && grams < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                "forecast revision of zone " + zone + " must be finite and >= 0, got " + grams);
          }
        });
    if (step.getSeconds() < 60) {
      throw new IllegalArgumentException("step must be at least 1 minute, got " + step);
    }
    if (horizon.compareTo(step) < 0) {
      throw new IllegalArgumentException("horizon must be at least one step, got " + horizon);
    }
    long ids = workloads.stream().map(Workload::id).distinct().count();
    if (ids != workloads.size()) {
      throw new IllegalArgumentException("workload ids must be unique");
    }
    Map<String, Integer> caps = new java.util.HashMap<>();
    for (Workload workload : workloads) {
      workload
          .sweep()
          .ifPresent(
              sweep -> {
                Integer cap = caps.putIfAbsent(sweep.sweepId(), sweep.maxParallel());
                if (cap != null && cap != sweep.maxParallel()) {
                  throw new IllegalArgumentException(
                      "trials of sweep "
                          + sweep.sweepId()
                          + " disagree on maxParallel: "
                          + cap
                          + " and "
                          + sweep.maxParallel());
                }
              });
    }
    long names = pools.stream().map(NodePool::name).distinct().count();
    if (names != pools.size()) {
      throw new IllegalArgumentException("pool names must be unique");
    }
  }
}
