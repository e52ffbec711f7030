package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated world: regions, each with one GPU pool of {@code capacities[i]} GPUs; the actual
 * intensity of each region's zone; the workloads, arriving at their earliest start, each with a
 * home among the regions (what "running now" means to every baseline); GPU power; the step of
 * virtual time; how forecasts err. Interruptible workloads pay {@code resumeOverhead} of extra work
 * at full power on each resume. {@code statements} says, by workload id, how each workload's user
 * states it (how its deadline follows from the run time, and which estimate it shares), so that
 * under run-time estimates its deadline follows from the estimate (none for scenarios whose
 * deadlines are given).
 */
public record Scenario(
    String name,
    List<Region> regions,
    int[] capacities,
    Map<String, IntensitySeries> actualByZone,
    List<Workload> workloads,
    double gpuWatts,
    Instant start,
    Duration step,
    Duration resumeOverhead,
    ForecastMode forecastMode,
    long seed,
    Map<String, Statement> statements) {

  /** A scenario whose deadlines are given, not drawn. */
  public Scenario(
      String name,
      List<Region> regions,
      int[] capacities,
      Map<String, IntensitySeries> actualByZone,
      List<Workload> workloads,
      double gpuWatts,
      Instant start,
      Duration step,
      Duration resumeOverhead,
      ForecastMode forecastMode,
      long seed) {
    this(
        name,
        regions,
        capacities,
        actualByZone,
        workloads,
        gpuWatts,
        start,
        step,
        resumeOverhead,
        forecastMode,
        seed,
        Map.of());
  }

  public Scenario {
    statements = Map.copyOf(statements);
    regions = List.copyOf(regions);
    capacities = capacities.clone();
    actualByZone = Map.copyOf(actualByZone);
    workloads = List.copyOf(workloads);
    Objects.requireNonNull(forecastMode, "forecastMode");
    if (capacities.length != regions.size()) {
      throw new IllegalArgumentException("one capacity per region is needed");
    }
    for (Region region : regions) {
      if (!actualByZone.containsKey(region.zone())) {
        throw new IllegalArgumentException("no intensity for zone " + region.zone());
      }
    }
    for (Workload workload : workloads) {
      if (workload.home().isEmpty()
          || regions.stream().noneMatch(r -> r.name().equals(workload.home().get()))) {
        throw new IllegalArgumentException(
            "workload " + workload.id() + " needs a home among the scenario's regions");
      }
    }
    if (Duration.ofHours(1).getSeconds() % step.getSeconds() != 0) {
      throw new IllegalArgumentException("the step must divide an hour, got " + step);
    }
  }

  /** A copy of the pool sizes, one per region. */
  @Override
  public int[] capacities() {
    return capacities.clone();
  }

  public int regionIndex(String name) {
    for (int i = 0; i < regions.size(); i++) {
      if (regions.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown region " + name);
  }

  public IntensitySeries actual(int region) {
    return actualByZone.get(regions.get(region).zone());
  }

  public Scenario withForecastMode(ForecastMode mode) {
    return new Scenario(
        name,
        regions,
        capacities,
        actualByZone,
        workloads,
        gpuWatts,
        start,
        step,
        resumeOverhead,
        mode,
        seed,
        statements);
  }

  public Scenario withWorkloads(List<Workload> subset) {
    return new Scenario(
        name,
        regions,
        capacities,
        actualByZone,
        subset,
        gpuWatts,
        start,
        step,
        resumeOverhead,
        forecastMode,
        seed,
        statements);
  }

  public Scenario withStatements(Map<String, Statement> given) {
    return new Scenario(
        name,
        regions,
        capacities,
        actualByZone,
        workloads,
        gpuWatts,
        start,
        step,
        resumeOverhead,
        forecastMode,
        seed,
        given);
  }

  public Scenario withCapacities(int[] sizes) {
    return new Scenario(
        name,
        regions,
        sizes,
        actualByZone,
        workloads,
        gpuWatts,
        start,
        step,
        resumeOverhead,
        forecastMode,
        seed,
        statements);
  }

  /**
   * The share of the pools' GPU time that the workloads would hold while they arrive if each
   * started on arrival, without waiting for capacity: what running now would use, as the simulator
   * measures utilisation (from {@code start} to the last arrival), before queueing caps it.
   */
  public double offeredLoad() {
    Instant lastArrival =
        workloads.stream().map(Workload::earliestStart).max(Instant::compareTo).orElse(start);
    double gpuSeconds = 0;
    for (Workload workload : workloads) {
      Instant end = workload.earliestStart().plus(workload.duration());
      Instant cut = end.isBefore(lastArrival) ? end : lastArrival;
      gpuSeconds +=
          workload.gpus()
              * (double) Math.max(0, Duration.between(workload.earliestStart(), cut).getSeconds());
    }
    long period = Math.max(step.getSeconds(), Duration.between(start, lastArrival).getSeconds());
    return gpuSeconds / (Arrays.stream(capacities).sum() * (double) period);
  }

  /** Energy drawn per GPU-second, PUE included, in kWh. */
  public double kwhPerGpuSecond(int region) {
    return gpuWatts * regions.get(region).pue() / 3.6e6;
  }
}
