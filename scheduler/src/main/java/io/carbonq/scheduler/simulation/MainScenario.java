package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.simulation.policy.RunNowPolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

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
      int sweepsPerCopy,
      int days) {
    public static Options defaults() {
      return new Options(
          ZONES, 119, 0.55, 0.5, 0.5, 70, Duration.ofMinutes(5), ForecastMode.PERFECT, 1, 4, 4, 0);
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
          sweepsPerCopy,
          days);
    }
  }

  private MainScenario() {}

  /** The benchmark's own scenario: the bundled trace laid on 2023, the bundled 2023 intensity. */
  public static Scenario build(Options options) {
    return build(
        options, WorkloadTrace.bundled(TRACE_START), bundledActuals(options.zones(), 2023));
  }

  /**
   * The first Monday of {@code year}, 00:00 UTC: where the Alibaba trace's day zero (a Monday) is
   * laid so that weekdays and times of day are kept.
   */
  public static Instant firstMonday(int year) {
    LocalDate day = LocalDate.of(year, 1, 1);
    while (day.getDayOfWeek() != DayOfWeek.MONDAY) {
      day = day.plusDays(1);
    }
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** The bundled measured intensity of each zone over {@code year}. */
  public static Map<String, IntensitySeries> bundledActuals(List<String> zones, int year) {
    Map<String, IntensitySeries> actual = new HashMap<>();
    TraceLibrary library = TraceLibrary.bundled();
    TraceForecastSource traces = new TraceForecastSource(library);
    Instant yearStart = LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant yearEnd = LocalDate.of(year + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    for (String zone : zones) {
      if (!library.hasYear(zone, year)) {
        // The trace source would replay another year, which is not what the zone measured.
        throw new IllegalArgumentException(
            "no " + year + " trace of zone " + zone + " is bundled; give it with --intensity");
      }
      actual.put(zone, traces.actuals(zone, yearStart, yearEnd));
    }
    return actual;
  }

  /**
   * The scenario from {@code trace}'s jobs arriving from day {@code fromDay} of it (for {@code
   * days} days, or to its end when 0), on the zones' measured intensity {@code actuals}.
   */
  public static Scenario build(
      Options options, WorkloadTrace trace, Map<String, IntensitySeries> actuals) {
    Random random = new Random(options.seed());
    List<Region> regions =
        options.zones().stream().map(zone -> new Region(zone, zone, 1.1)).toList();
    List<Workload> workloads = new ArrayList<>();
    Map<String, Statement> statements = new HashMap<>();
    Instant from = trace.dayZero().plus(Duration.ofDays(options.fromDay()));
    Instant until = options.days() > 0 ? from.plus(Duration.ofDays(options.days())) : Instant.MAX;
    List<RecordedJob> replayed =
        trace.jobs().stream()
            .filter(job -> !job.arrival().isBefore(from) && job.arrival().isBefore(until))
            .filter(job -> job.duration().getSeconds() > 0)
            .toList();
    if (replayed.isEmpty()) {
      throw new IllegalArgumentException(
          "no job of "
              + trace.source()
              + " arrives from day "
              + options.fromDay()
              + (options.days() > 0 ? " for " + options.days() + " days" : "")
              + " (day 0 is "
              + trace.dayZero()
              + ")");
    }
    long firstCreated =
        replayed.stream().mapToLong(job -> job.arrival().getEpochSecond()).min().orElseThrow();
    long lastCreated =
        replayed.stream().mapToLong(job -> job.arrival().getEpochSecond()).max().orElseThrow();
    for (int copy = 0; copy < options.copies(); copy++) {
      for (RecordedJob job : replayed) {
        workloads.add(workload(job, copy, options, random, statements));
      }
      for (int sweep = 0; sweep < options.sweepsPerCopy(); sweep++) {
        long created = firstCreated + (long) (random.nextDouble() * (lastCreated - firstCreated));
        Sweep drawn = sweep("sweep-c" + copy + "-" + sweep, created, options, random);
        for (Workload trial : drawn.trials()) {
          workloads.add(trial);
          statements.put(trial.id(), new Statement(wavesOf(drawn), "sweep " + drawn.id()));
        }
      }
    }
    Instant start =
        workloads.stream().map(Workload::earliestStart).min(Instant::compareTo).orElseThrow();
    long step = options.step().getSeconds();
    start = Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), step) * step);
    Instant lastArrival =
        workloads.stream().map(Workload::earliestStart).max(Instant::compareTo).orElse(start);
    Map<String, IntensitySeries> actual = new HashMap<>();
    for (String zone : options.zones()) {
      IntensitySeries series = actuals.get(zone);
      if (series == null) {
        throw new IllegalArgumentException(
            "no intensity for zone "
                + zone
                + "; zones with data: "
                + new TreeSet<>(actuals.keySet()));
      }
      requireCovers(zone, series, start, workloads);
      actual.put(zone, series);
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
            options.seed(),
            statements);
    return calibrated(scenario, options.targetUtilisation());
  }

  /**
   * The zone's data must cover the scenario from its start to a week past its last deadline: late
   * work runs on past deadlines, and the capacity-aware limit lets it spill a week.
   */
  private static void requireCovers(
      String zone, IntensitySeries series, Instant start, List<Workload> workloads) {
    Instant lastDeadline =
        workloads.stream().map(Workload::deadline).max(Instant::compareTo).orElse(start);
    Instant needed = lastDeadline.plus(Duration.ofDays(7));
    Instant end = series.start().plus(series.step().multipliedBy(series.size()));
    if (series.start().isAfter(start) || end.isBefore(needed)) {
      throw new IllegalArgumentException(
          "the intensity of zone "
              + zone
              + " covers "
              + series.start()
              + " to "
              + end
              + ", but the scenario needs "
              + start
              + " to "
              + needed
              + " (a week past its last deadline); give more data, or fewer days (--days)");
    }
  }

  /** A sweep's deadline: twice the time its waves take, at least a day. */
  private static DeadlineRule wavesOf(Sweep sweep) {
    long waves = (sweep.size() + sweep.maxParallel() - 1) / sweep.maxParallel();
    return new DeadlineRule.Waves(2 * waves, Duration.ofDays(1));
  }

  /**
   * A generated hyperparameter sweep: 16 to 256 trials of 0.5 to 8 hours on 1 or 2 GPUs, at most 8,
   * 16 or 32 at once, interruptible, sharing a deadline of twice the time its waves take (at least
   * a day).
   */
  private static Sweep sweep(String id, long created, Options options, Random random) {
    long step = options.step().getSeconds();
    Instant arrival = Instant.ofEpochSecond(-Math.floorDiv(-created, step) * step);
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

  /**
   * A recorded job as a workload, with how its user states it put in {@code statements} (its copies
   * share the job's estimate). The random draws happen whether or not the trace fixes what they
   * choose, so that one column given or left out changes no other job's draws.
   */
  private static Workload workload(
      RecordedJob job,
      int copy,
      Options options,
      Random random,
      Map<String, Statement> statements) {
    // Arrivals are seen at the next step of virtual time, so a job that must start at once can.
    long step = options.step().getSeconds();
    Instant arrival =
        Instant.ofEpochSecond(-Math.floorDiv(-job.arrival().getEpochSecond(), step) * step);
    Duration duration = job.duration();
    String drawnHome = options.zones().get(random.nextInt(options.zones().size()));
    String home = job.home().orElse(drawnHome);
    requireZone(job, "home", home, options.zones());
    String id = copy == 0 ? job.id() : job.id() + "-c" + copy;
    Workload.Builder builder =
        Workload.builder(id).gpus(job.gpus()).duration(duration).earliestStart(arrival).home(home);
    if (job.latencySensitive()) {
      statements.put(id, new Statement(new DeadlineRule.StartAtOnce(), "job " + job.id()));
      return builder.deadline(arrival.plus(duration)).regions(List.of(home)).build();
    }
    int draw = random.nextInt(6);
    DeadlineRule rule =
        job.deadline().isPresent()
            ? new DeadlineRule.Fixed(job.deadline().get())
            : draw < 3
                ? new DeadlineRule.Relative(RELATIVE_SLACK[draw])
                : new DeadlineRule.After(ABSOLUTE_SLACK[draw - 3]);
    statements.put(id, new Statement(rule, "job " + job.id()));
    // A trace's deadline that the arrival, moved up to the step, leaves too short still holds the
    // whole run.
    Instant deadline = rule.deadline(arrival, duration);
    boolean mobile = random.nextDouble() < options.mobileShare();
    List<String> regions = new ArrayList<>(List.of(home));
    if (job.regions().isPresent()) {
      List<String> given =
          job.regions().get().equals(List.of("*")) ? options.zones() : job.regions().get();
      given.stream().filter(zone -> !zone.equals(home)).forEach(regions::add);
      regions.forEach(zone -> requireZone(job, "regions", zone, options.zones()));
    } else if (mobile) {
      options.zones().stream().filter(zone -> !zone.equals(home)).forEach(regions::add);
    }
    boolean drawnInterruptible = random.nextDouble() < options.interruptibleShare();
    return builder
        .deadline(deadline)
        .regions(regions)
        .interruptible(job.interruptible().orElse(drawnInterruptible))
        .build();
  }

  private static void requireZone(RecordedJob job, String field, String zone, List<String> zones) {
    if (!zones.contains(zone)) {
      throw new IllegalArgumentException(
          "job "
              + job.id()
              + ": "
              + field
              + " names zone "
              + zone
              + ", which is not simulated; simulated zones: "
              + String.join(", ", zones)
              + " (choose them with --zones)");
    }
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
