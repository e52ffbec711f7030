package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Drives one policy through one scenario in virtual time, step by step: admit arrivals, let the
 * policy decide, run what runs, charge energy × PUE × the measured intensity of the step. No
 * threads, no clock; the same scenario and policy give the same result.
 */
public final class Simulator {
  /** How long past the last arrival or deadline the simulation goes before giving up on work. */
  static final Duration DRAIN_LIMIT = Duration.ofDays(30);

  private final Scenario scenario;
  private final Forecaster forecaster;
  private final Duration forecastHorizon;

  /** Each workload as its user submitted it, in the scenario's order. */
  private final List<Workload> submitted;

  public Simulator(Scenario scenario, Duration forecastHorizon) {
    this(scenario, forecastHorizon, DurationEstimates.EXACT);
  }

  /** A simulator whose policies plan with run-time estimates that err as {@code estimates} say. */
  public Simulator(Scenario scenario, Duration forecastHorizon, DurationEstimates estimates) {
    // The deadlines users set follow from their estimates.
    this.scenario = estimates.appliedTo(scenario);
    this.forecastHorizon = forecastHorizon;
    this.submitted = estimates.submitted(this.scenario.workloads(), this.scenario.statements());
    this.forecaster =
        new Forecaster(
            scenario.forecastMode(), scenario.seed(), LeadTimeErrors.measuredOnUkForecasts());
  }

  /** The scenario as it runs: with deadlines from the users' estimates, if they err. */
  public Scenario scenario() {
    return scenario;
  }

  public SimulationResult run(Policy policy) {
    return run(policy, ProgressListener.NONE);
  }

  /** Runs {@code policy}, telling {@code progress} each time more workloads have finished. */
  public SimulationResult run(Policy policy, ProgressListener progress) {
    List<JobRun> arrivals = new ArrayList<>();
    for (int i = 0; i < submitted.size(); i++) {
      arrivals.add(
          new JobRun(scenario.workloads().get(i), submitted.get(i), scenario.step().getSeconds()));
    }
    arrivals.sort(
        Comparator.comparing((JobRun r) -> r.workload.earliestStart())
            .thenComparing(r -> r.workload.id()));
    List<JobRun> all = List.copyOf(arrivals);
    List<JobRun> waiting = new ArrayList<>();
    List<JobRun> active = new ArrayList<>();
    int[] free = scenario.capacities();
    long step = scenario.step().getSeconds();
    Instant lastArrival =
        arrivals.isEmpty()
            ? scenario.start()
            : arrivals.get(arrivals.size() - 1).workload.earliestStart();
    Instant lastDeadline =
        scenario.workloads().stream()
            .map(Workload::deadline)
            .max(Instant::compareTo)
            .orElse(lastArrival);
    Instant limit =
        (lastDeadline.isAfter(lastArrival) ? lastDeadline : lastArrival).plus(DRAIN_LIMIT);
    int next = 0;
    int finished = 0;
    progress.progressed(policy.id(), 0, all.size());
    double busyGpuSecondsWhileArriving = 0;
    Instant now = scenario.start();
    while ((next < arrivals.size() || !waiting.isEmpty() || !active.isEmpty())
        && now.isBefore(limit)) {
      // 1. Admit what has arrived.
      while (next < arrivals.size() && !arrivals.get(next).workload.earliestStart().isAfter(now)) {
        waiting.add(arrivals.get(next++));
      }
      // 2. Let the policy start, pause and resume.
      if (!waiting.isEmpty() || !active.isEmpty()) {
        policy.decide(
            new StepContext(scenario, forecaster, now, waiting, active, free, forecastHorizon));
      }
      // 3. Run one step and charge it at the measured intensity.
      int finishedBefore = finished;
      for (JobRun run : List.copyOf(active)) {
        if (!run.running) {
          continue;
        }
        long work = Math.min(step, run.remainingSeconds);
        if (!now.isAfter(lastArrival)) {
          busyGpuSecondsWhileArriving += run.workload.gpus() * (double) step;
        }
        double kwh = run.workload.gpus() * work * scenario.kwhPerGpuSecond(run.region);
        run.kwh += kwh;
        double intensity = scenario.actual(run.region).gramsPerKwhAt(now);
        if (Double.isNaN(intensity)) {
          throw new IllegalStateException(
              "no measured intensity for "
                  + scenario.regions().get(run.region).zone()
                  + " at "
                  + now);
        }
        run.grams += kwh * intensity;
        run.remainingSeconds -= work;
        if (run.remainingSeconds == 0) {
          run.end = now.plusSeconds(work);
          run.stopAt(run.end);
          free[run.region] += run.workload.gpus();
          active.remove(run);
          finished++;
        }
      }
      if (finished > finishedBefore) {
        progress.progressed(policy.id(), finished, all.size());
      }
      now = now.plusSeconds(step);
    }
    if (finished < all.size()) {
      // The drain limit gave up on the rest: the run is over all the same.
      progress.progressed(policy.id(), all.size(), all.size());
    }
    double capacityWhileArriving =
        Arrays.stream(scenario.capacities()).sum()
            * (double) Math.max(step, Duration.between(scenario.start(), lastArrival).getSeconds());
    return new SimulationResult(
        policy.id(), scenario, all, busyGpuSecondsWhileArriving / capacityWhileArriving);
  }
}
