package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Builds the tiny simulated worlds of tests, where the right move is plain: a few regions, measured
 * intensity hour by hour from {@link #T0}, a handful of workloads. Unless told otherwise a world
 * starts at {@link #T0}, its GPUs draw 100 W, it steps by 5 minutes, a resume costs 5 minutes of
 * work, and forecasts are perfect.
 */
public final class SmallWorld {
  public static final Instant T0 = Instant.parse("2023-05-01T00:00:00Z");
  private static final int TEN_DAYS = 24 * 10;

  private final String name;
  private final List<Region> regions = new ArrayList<>();
  private int[] capacities = new int[0];
  private final Map<String, IntensitySeries> actual = new HashMap<>();
  private final List<Workload> workloads = new ArrayList<>();
  private double gpuWatts = 100;
  private Instant start = T0;

  private SmallWorld(String name) {
    this.name = name;
  }

  /** A world named {@code name}, with no regions, intensity or workloads yet. */
  public static SmallWorld named(String name) {
    return new SmallWorld(name);
  }

  public SmallWorld regions(Region... regions) {
    return regions(List.of(regions));
  }

  public SmallWorld regions(List<Region> regions) {
    this.regions.addAll(regions);
    return this;
  }

  /** The GPUs of each region's pool, in the order of the regions. */
  public SmallWorld capacities(int... gpus) {
    this.capacities = gpus.clone();
    return this;
  }

  /** The measured intensity of each series' zone. */
  public SmallWorld intensity(IntensitySeries... series) {
    for (IntensitySeries one : series) {
      actual.put(one.zone(), one);
    }
    return this;
  }

  public SmallWorld workloads(Workload... workloads) {
    return workloads(List.of(workloads));
  }

  public SmallWorld workloads(List<Workload> workloads) {
    this.workloads.addAll(workloads);
    return this;
  }

  public SmallWorld gpuWatts(double gpuWatts) {
    this.gpuWatts = gpuWatts;
    return this;
  }

  public SmallWorld start(Instant start) {
    this.start = start;
    return this;
  }

  public Scenario build() {
    return new Scenario(
        name,
        regions,
        capacities,
        actual,
        workloads,
        gpuWatts,
        start,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        ForecastMode.PERFECT,
        1);
  }

  /** Measured intensity in {@code zone}, one value an hour from {@link #T0}. */
  public static IntensitySeries hourly(String zone, double... gramsPerKwh) {
    return new IntensitySeries(
        zone, T0, Duration.ofHours(1), gramsPerKwh, SignalKind.AVERAGE, DataKind.ACTUAL, "test");
  }

  /** {@code hours} hours of measured intensity in {@code zone} from {@link #T0}, hour by hour. */
  public static IntensitySeries hourly(
      String zone, int hours, IntToDoubleFunction gramsPerKwhAtHour) {
    double[] values = new double[hours];
    Arrays.setAll(values, gramsPerKwhAtHour::applyAsDouble);
    return hourly(zone, values);
  }

  /** Ten days of the same measured intensity in {@code zone} from {@link #T0}. */
  public static IntensitySeries flat(String zone, double gramsPerKwh) {
    return hourly(zone, TEN_DAYS, hour -> gramsPerKwh);
  }

  /**
   * One GPU in {@code region} only, which is its home, from {@code arrival} for {@code duration},
   * due when it would end if started on arrival: a deadline set on the builder gives it slack.
   */
  public static Workload.Builder aWorkload(
      String id, Region region, Instant arrival, Duration duration) {
    return Workload.builder(id)
        .duration(duration)
        .earliestStart(arrival)
        .deadline(arrival.plus(duration))
        .regions(List.of(region.name()))
        .home(region.name());
  }

  /**
   * Two GPUs in {@code region} only for four hours from {@link #T0}, interruptible, due a day on.
   */
  public static Workload.Builder aTrainer(String id, Region region) {
    return aWorkload(id, region, T0, Duration.ofHours(4))
        .gpus(2)
        .deadline(T0.plus(Duration.ofDays(1)))
        .interruptible(true);
  }

  /** The run of the workload {@code id}. */
  public static JobRun runOf(SimulationResult result, String id) {
    return result.runs().stream()
        .filter(r -> r.workload().id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no run of " + id));
  }
}
