package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.simulation.policy.RunNowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's main scenario: the Alibaba GPU trace's busy weeks (pods created from day 119)
 * laid on 2023 with weekday and time of day kept (trace start = Monday 2 January 2023 00:00 UTC),
 * spread over eight grid zones with their 2023 hourly intensity.
 *
 * <p>Each pod becomes a workload of its GPUs (a GPU-sharing pod counts as one GPU) and its measured
 * duration, homed in a zone drawn at random. Latency-sensitive pods must start on arrival, at home.
 * Every other pod gets a deadline by one of six rules drawn at random — arrival + duration × (1 +
 * s) for s of 0.25, 1 or 3, or arrival + duration + 6 h, 24 h or 7 d — is interruptible with
 * probability {@code interruptibleShare}, and may run in any of the eight regions with probability
 * one half. Each region has one pool of GPUs drawing {@code gpuWatts}, PUE 1.1, sized so that
 * running everything at home at once would use {@code targetUtilisation} of it over the arrival
 * period.
 */
public final class MainScenario {
  public static final List<String> ZONES =
      List.of("DE", "GB", "US-CAL-CISO", "US-TEX-ERCO", "CA-ON", "US-MIDA-PJM", "US-NY-NYIS", "SG");
  public static final Instant TRACE_START = Instant.parse("2023-01-02T00:00:00Z");
  private static final Duration[] ABSOLUTE_SLACK = {
    Duration.ofHours(6), Duration.ofHours(24), Duration.ofDays(7)
  };
  private static final double[] RELATIVE_SLACK = {0.25, 1, 3};

  /** The knobs of the scenario; {@link #defaults()} are the benchmark's. */
  public record Options(
      List<String> zones,
      int fromDay,
      double targetUtilisation,
      double interruptibleShare,
      double mobileShare,
      double gpuWatts,
      Duration step,
      ForecastMode forecastMode,
      long seed,
      int copies,
      int sweepsPerCopy) {
    public static Options defaults() {
      return new Options(
          ZONES, 119, 0.55, 0.5, 0.5, 70, Duration.ofMinutes(5), ForecastMode.PERFECT, 1, 4, 4);
    }

    public Options withCopies(int copies, int sweepsPerCopy) {
      return new Options(
          zones,
          fromDay,
          targetUtilisation,
          interruptibleShare,
          mobileShare,
          gpuWatts,
          step,
          forecastMode,
          seed,
          copies,
          sweepsPerCopy);
    }
  }

  private MainScenario() {}

  public static Scenario build(Options options) {
    Random random = new Random(options.seed());
    List<Region> regions =
        options.zones().stream().map(zone -> new Region(zone, zone, 1.1)).toList();
    List<Workload> workloads = new ArrayList<>();
    List<AlibabaPod> pods = AlibabaTrace.gpuPods();
    List<AlibabaPod> replayed =
        pods.stream()
            .filter(
                pod -> pod.created() >= options.fromDay() * 86_400L && pod.durationSeconds() > 0)
            .toList();
    long firstCreated = replayed.stream().mapToLong(AlibabaPod::created).min().orElse(0);
    long lastCreated = replayed.stream().mapToLong(AlibabaPod::created).max().orElse(0);
    for (int copy = 0; copy < options.copies(); copy++) {
      for (AlibabaPod pod : replayed) {
        workloads.add(workload(pod, copy, options, random));
      }
      for (int sweep = 0; sweep < options.sweepsPerCopy(); sweep++) {
        long created = firstCreated + (long) (random.nextDouble() * (lastCreated - firstCreated));
        workloads.addAll(sweep("sweep-c" + copy + "-" + sweep, created, options, random).trials());
      }
    }
    Instant start =
        workloads.stream().map(Workload::earliestStart).min(Instant::compareTo).orElse(TRACE_START);
    long step = options.step().getSeconds();
    start = Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), step) * step);
    Instant lastArrival =
        workloads.stream().map(Workload::earliestStart).max(Instant::compareTo).orElse(start);
    Map<String, IntensitySeries> actual = new HashMap<>();
    TraceForecastSource traces = new TraceForecastSource(TraceLibrary.bundled());
    Instant yearStart = Instant.parse("2023-01-01T00:00:00Z");
    for (String zone : options.zones()) {
      actual.put(zone, traces.actuals(zone, yearStart, yearStart.plus(Duration.ofDays(365))));
    }
    int[] capacities =
        capacities(
            regions, workloads, Duration.between(start, lastArrival), options.targetUtilisation());
    Scenario scenario =
        new Scenario(
            "main",
            regions,
            capacities,
            actual,
            workloads,
            options.gpuWatts(),
            start,
            options.step(),
            Duration.ofMinutes(5),
            options.forecastMode(),
            options.seed());
    return calibrated(scenario, options.targetUtilisation());
  }

  /**
   * A generated hyperparameter sweep: 16 to 256 trials of 0.5 to 8 hours on 1 or 2 GPUs, at most 8,
   * 16 or 32 at once, interruptible, sharing a deadline of twice the time its waves take (at least
   * a day).
   */
  private static Sweep sweep(String id, long created, Options options, Random random) {
    long step = options.step().getSeconds();
    Instant arrival = TRACE_START.plusSeconds(-Math.floorDiv(-created, step) * step);
    int trials = 16 << random.nextInt(5);
    Duration duration = Duration.ofMinutes(30L * (1 + random.nextInt(16)));
    int maxParallel = 8 << random.nextInt(3);
    Duration waves = duration.multipliedBy(2L * ((trials + maxParallel - 1) / maxParallel));
    String home = options.zones().get(random.nextInt(options.zones().size()));
    List<String> regions = new ArrayList<>(List.of(home));
    if (random.nextDouble() < options.mobileShare()) {
      options.zones().stream().filter(zone -> !zone.equals(home)).forEach(regions::add);
    }
    Workload template =
        Workload.builder(id)
            .gpus(1 + random.nextInt(2))
            .duration(duration)
            .earliestStart(arrival)
            .deadline(
                arrival.plus(waves.compareTo(Duration.ofDays(1)) > 0 ? waves : Duration.ofDays(1)))
            .regions(regions)
            .home(home)
            .interruptible(true)
            .build();
    List<String> indices = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      indices.add(String.valueOf(i));
    }
    return new Sweep(id, template, Map.of("trial", indices), maxParallel);
  }

  private static Workload workload(AlibabaPod pod, int copy, Options options, Random random) {
    // Arrivals are seen at the next step of virtual time, so a job that must start at once can.
    long step = options.step().getSeconds();
    Instant arrival = TRACE_START.plusSeconds(-Math.floorDiv(-pod.created(), step) * step);
    Duration duration = Duration.ofSeconds(pod.durationSeconds());
    String home = options.zones().get(random.nextInt(options.zones().size()));
    Workload.Builder builder =
        Workload.builder(copy == 0 ? pod.name() : pod.name() + "-c" + copy)
            .gpus(pod.gpus())
            .duration(duration)
            .earliestStart(arrival)
            .home(home);
    if (pod.latencySensitive()) {
      return builder.deadline(arrival.plus(duration)).regions(List.of(home)).build();
    }
    int rule = random.nextInt(6);
    Instant deadline =
        rule < 3
            ? arrival.plusSeconds(Math.round(duration.getSeconds() * (1 + RELATIVE_SLACK[rule])))
            : arrival.plus(duration).plus(ABSOLUTE_SLACK[rule - 3]);
    List<String> regions = new ArrayList<>(List.of(home));
    if (random.nextDouble() < options.mobileShare()) {
      options.zones().stream().filter(zone -> !zone.equals(home)).forEach(regions::add);
    }
    return builder
        .deadline(deadline)
        .regions(regions)
        .interruptible(random.nextDouble() < options.interruptibleShare())
        .build();
  }

  /**
   * Rescales the pools until running everything at home at once (B0) uses the target share of them
   * while workloads arrive: three rounds of simulate-and-rescale, each pool at least 8 GPUs.
   */
  private static Scenario calibrated(Scenario scenario, double target) {
    Scenario current = scenario;
    for (int round = 0; round < 3; round++) {
      double utilisation =
          new Simulator(current, Duration.ofHours(1)).run(new RunNowPolicy()).utilisation();
      int[] sizes = current.capacities();
      for (int r = 0; r < sizes.length; r++) {
        sizes[r] = (int) Math.max(8, Math.round(sizes[r] * utilisation / target));
      }
      current = current.withCapacities(sizes);
    }
    return current;
  }

  /** Per region, home demand over the period divided by the target share, at least 8 GPUs. */
  private static int[] capacities(
      List<Region> regions, List<Workload> workloads, Duration period, double target) {
    double[] gpuSeconds = new double[regions.size()];
    for (Workload workload : workloads) {
      int home =
          regions.indexOf(
              regions.stream()
                  .filter(r -> r.name().equals(workload.home().orElseThrow()))
                  .findFirst()
                  .orElseThrow());
      gpuSeconds[home] += workload.gpus() * (double) workload.duration().getSeconds();
    }
    int[] capacities = new int[regions.size()];
    for (int r = 0; r < capacities.length; r++) {
      capacities[r] = (int) Math.max(8, Math.ceil(gpuSeconds[r] / (target * period.getSeconds())));
    }
    return capacities;
  }
}
