package io.carbonq.scheduler.backtest;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.simulation.ForecastMode;
import io.carbonq.scheduler.simulation.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A history laid on the simulator: one workload per job, arriving when it was submitted (at the
 * next step), running as long as it ran, homed in the pool of its group, with the deadline and
 * freedom its {@link FlexibilityRules} give; one region per pool, each as large as configured, but
 * never smaller than the most GPUs the history ran there at once, since it did run them.
 */
public record BacktestWorld(
    Scenario scenario,
    int[] asRunCapacities,
    Map<String, HistoryJob> jobs,
    Map<String, Instant> recordedStarts,
    Map<String, JobFlexibility> flexibility,
    Map<String, Integer> deadlineRules,
    Map<String, Integer> recordedPeaks,
    List<String> notes) {

  /** How long past the last deadline the simulator may still run late work. */
  static final Duration DRAIN = Duration.ofDays(31);

  public record Settings(
      List<PoolSpec> pools,
      Optional<String> home,
      FlexibilityRules rules,
      double gpuWatts,
      Duration step,
      ForecastMode forecast,
      long seed) {}

  public static BacktestWorld build(
      History history, Settings settings, Map<String, IntensitySeries> actuals) {
    if (history.jobs().isEmpty()) {
      throw new IllegalArgumentException(history.source() + ": no GPU job to replay");
    }
    List<PoolSpec> pools = settings.pools();
    if (pools.isEmpty()) {
      throw new IllegalArgumentException("no GPU pool to replay the history on");
    }
    settings.home().ifPresent(home -> pool(pools, home));
    long step = settings.step().getSeconds();
    Map<String, HistoryJob> byId = new LinkedHashMap<>();
    Map<String, Instant> starts = new HashMap<>();
    Map<String, JobFlexibility> flexibility = new HashMap<>();
    Map<String, Integer> rules = new TreeMap<>();
    Map<String, Integer> homes = new TreeMap<>();
    List<Workload> workloads = new ArrayList<>();
    // The most GPUs each pool held at once as the history ran, to the second; and on the
    // simulator's steps, where a run ending and the next starting within one step overlap, which
    // the replay of the recorded starts needs room for.
    Map<String, TreeMap<Long, Long>> exact = new HashMap<>();
    Map<String, TreeMap<Long, Long>> stepped = new HashMap<>();
    List<String> refused = new ArrayList<>();
    int index = 0;
    for (HistoryJob job : history.jobs()) {
      JobFlexibility freedom;
      try {
        freedom = settings.rules().decide(job);
      } catch (IllegalArgumentException badLabel) {
        refused.add(badLabel.getMessage());
        continue;
      }
      String id = "h" + index++;
      Instant arrival = ceil(job.submit(), step);
      Instant start = ceil(job.start(), step);
      Duration runTime = Duration.ofSeconds(Math.max(1, job.runTime().getSeconds()));
      // Laid on the steps, the run starts up to a step late: its deadline moves by as much, so
      // that the recorded run makes its deadline exactly when it made it.
      Instant deadline = freedom.deadline().plus(Duration.between(job.start(), start));
      if (deadline.isBefore(arrival.plus(runTime))) {
        // Laid on the steps, the job could no longer make a deadline it set itself, or made.
        deadline = arrival.plus(runTime);
      }
      String home = home(job, pools, settings.home(), homes);
      List<String> regions = new ArrayList<>(List.of(home));
      if (freedom.mobile()) {
        pools.stream().map(PoolSpec::name).filter(name -> !name.equals(home)).forEach(regions::add);
      }
      workloads.add(
          Workload.builder(id)
              .gpus(job.gpus())
              .duration(runTime)
              .earliestStart(arrival)
              .deadline(deadline)
              .regions(regions)
              .home(home)
              .interruptible(freedom.interruptible())
              .build());
      byId.put(id, job);
      starts.put(id, start);
      flexibility.put(id, freedom);
      rules.merge(freedom.deadlineRule(), 1, Integer::sum);
      long steps = (runTime.getSeconds() + step - 1) / step;
      TreeMap<Long, Long> poolSteps = stepped.computeIfAbsent(home, name -> new TreeMap<>());
      poolSteps.merge(start.getEpochSecond() / step, (long) job.gpus(), Long::sum);
      poolSteps.merge(start.getEpochSecond() / step + steps, (long) -job.gpus(), Long::sum);
      TreeMap<Long, Long> poolSeconds = exact.computeIfAbsent(home, name -> new TreeMap<>());
      poolSeconds.merge(job.start().getEpochSecond(), (long) job.gpus(), Long::sum);
      poolSeconds.merge(job.end().getEpochSecond(), (long) -job.gpus(), Long::sum);
    }
    if (workloads.isEmpty()) {
      throw new IllegalArgumentException(
          "no job of " + history.source() + " could be replayed: " + refused.get(0));
    }
    List<String> notes = new ArrayList<>();
    homes.forEach((why, count) -> notes.add(count(count) + " homed " + why));
    if (!refused.isEmpty()) {
      notes.add(
          count(refused.size())
              + " left out for a label carbonq cannot read, the first: "
              + refused.get(0));
    }
    List<Region> regions = new ArrayList<>();
    int[] capacities = new int[pools.size()];
    int[] asRunCapacities = new int[pools.size()];
    Map<String, Integer> peaks = new LinkedHashMap<>();
    for (int p = 0; p < pools.size(); p++) {
      PoolSpec pool = pools.get(p);
      regions.add(new Region(pool.name(), pool.zone(), pool.pue()));
      int peak = peak(pool.name(), exact.getOrDefault(pool.name(), new TreeMap<>()));
      peaks.put(pool.name(), peak);
      capacities[p] = Math.max(1, Math.max(pool.gpus(), peak));
      asRunCapacities[p] =
          Math.max(
              capacities[p], peak(pool.name(), stepped.getOrDefault(pool.name(), new TreeMap<>())));
      if (pool.gpus() > 0 && peak > pool.gpus()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "pool %s holds %d GPUs in the configuration, but the history ran %d there at once:"
                    + " replayed with %d",
                pool.name(),
                pool.gpus(),
                peak,
                peak));
      }
    }
    Instant first = workloads.stream().map(Workload::earliestStart).min(Instant::compareTo).get();
    Instant lastDeadline = workloads.stream().map(Workload::deadline).max(Instant::compareTo).get();
    Instant lastEnd = history.jobs().stream().map(HistoryJob::end).max(Instant::compareTo).get();
    Map<String, IntensitySeries> covered = new HashMap<>();
    for (PoolSpec pool : pools) {
      if (covered.containsKey(pool.zone())) {
        continue;
      }
      IntensitySeries series = actuals.get(pool.zone());
      if (series == null) {
        throw new IllegalArgumentException("no intensity for zone " + pool.zone());
      }
      Instant last = lastDeadline.isAfter(lastEnd) ? lastDeadline : lastEnd;
      covered.put(
          pool.zone(),
          IntensityPadding.covering(series, first, lastEnd, lastDeadline, last.plus(DRAIN), notes));
    }
    Scenario scenario =
        new Scenario(
            "backtest",
            regions,
            capacities,
            covered,
            workloads,
            settings.gpuWatts(),
            first,
            settings.step(),
            Duration.ofMinutes(5),
            settings.forecast(),
            settings.seed());
    return new BacktestWorld(
        scenario, asRunCapacities, byId, starts, flexibility, rules, peaks, notes);
  }

  /** The scenario the recorded starts are replayed in: its pools as large as the replay needs. */
  public Scenario asRunScenario() {
    return scenario.withCapacities(asRunCapacities);
  }

  private static String count(int jobs) {
    return jobs + (jobs == 1 ? " job" : " jobs");
  }

  private static Instant ceil(Instant time, long step) {
    return Instant.ofEpochSecond(-Math.floorDiv(-time.getEpochSecond(), step) * step);
  }

  /** The most GPUs held at once; a run ending when another starts does not overlap it. */
  private static int peak(String pool, TreeMap<Long, Long> changes) {
    long now = 0;
    long peak = 0;
    for (long change : changes.values()) {
      now += change;
      peak = Math.max(peak, now);
    }
    if (peak > MAX_POOL_GPUS) {
      throw new IllegalArgumentException(
          "the history ran " + peak + " GPUs at once in pool " + pool + ": more than any cluster");
    }
    return (int) peak;
  }

  static final long MAX_POOL_GPUS = 10_000_000;

  /** The pool named as the job's group, else the one the user named, else the only or first. */
  private static String home(
      HistoryJob job, List<PoolSpec> pools, Optional<String> chosen, Map<String, Integer> homes) {
    for (PoolSpec pool : pools) {
      if (pool.name().equalsIgnoreCase(job.group())) {
        homes.merge("in the pool named as their group", 1, Integer::sum);
        return pool.name();
      }
    }
    if (chosen.isPresent()) {
      String name = pool(pools, chosen.get()).name();
      homes.merge("in " + name + " (--home)", 1, Integer::sum);
      return name;
    }
    homes.merge(
        pools.size() == 1
            ? "in the only pool, " + pools.get(0).name()
            : "in the first pool, " + pools.get(0).name() + " (no pool is named as their group)",
        1,
        Integer::sum);
    return pools.get(0).name();
  }

  private static PoolSpec pool(List<PoolSpec> pools, String name) {
    return pools.stream()
        .filter(pool -> pool.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no pool named '"
                        + name
                        + "'; pools: "
                        + String.join(", ", pools.stream().map(PoolSpec::name).toList())));
  }
}
