package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.SweepRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a policy sees and may do at one step of virtual time: what a real scheduler would know now.
 * The pools, the intensity measured up to now, the forecasts issued now, and the work that has
 * arrived as its users submitted it (run times are their estimates). The scenario's later arrivals,
 * its actual run times and the intensity still to come stay hidden.
 */
public final class StepContext {
  private final Scenario scenario;
  private final Forecaster forecaster;
  private final Instant now;
  private final List<JobRun> waiting;
  private final List<JobRun> active;
  private final int[] freeGpus;
  private final Map<Integer, IntensitySeries> forecasts = new HashMap<>();
  private final Duration forecastHorizon;

  StepContext(
      Scenario scenario,
      Forecaster forecaster,
      Instant now,
      List<JobRun> waiting,
      List<JobRun> active,
      int[] freeGpus,
      Duration forecastHorizon) {
    this.scenario = scenario;
    this.forecaster = forecaster;
    this.now = now;
    this.waiting = waiting;
    this.active = active;
    this.freeGpus = freeGpus;
    this.forecastHorizon = forecastHorizon;
  }

  /** The regions, one GPU pool each, in the order their indexes refer to. */
  public List<Region> regions() {
    return scenario.regions();
  }

  /** How many GPUs the region's pool has in all. */
  public int capacity(int region) {
    return scenario.capacities()[region];
  }

  /** The power one GPU draws at work, in watts. */
  public double gpuWatts() {
    return scenario.gpuWatts();
  }

  /** The extra work, at full power, that each resume of a paused workload costs. */
  public Duration resumeOverhead() {
    return scenario.resumeOverhead();
  }

  public Instant now() {
    return now;
  }

  public Duration step() {
    return scenario.step();
  }

  /** Arrived, never started, in arrival order. */
  public List<JobRun> waiting() {
    return Collections.unmodifiableList(new ArrayList<>(waiting));
  }

  /** Started and not finished: running or paused. */
  public List<JobRun> active() {
    return Collections.unmodifiableList(new ArrayList<>(active));
  }

  public int freeGpus(int region) {
    return freeGpus[region];
  }

  public int regionIndex(String name) {
    return scenario.regionIndex(name);
  }

  /** The intensity measured now in the region's zone (what a threshold policy reads). */
  public double actualNow(int region) {
    return measured(region, now);
  }

  /**
   * The intensity measured in the region's zone at {@code time}, NaN where the trace has none. At
   * now it is the value of the period under way, as a real-time signal reports it.
   *
   * @throws IllegalArgumentException when {@code time} is after now: it is not measured yet
   */
  public double measured(int region, Instant time) {
    if (time.isAfter(now)) {
      throw new IllegalArgumentException(
          "the intensity in "
              + scenario.regions().get(region).zone()
              + " at "
              + time
              + " is not measured yet: the simulation is at "
              + now);
    }
    return scenario.actual(region).gramsPerKwhAt(time);
  }

  /** The forecast for the region's zone issued now, covering the forecast horizon. */
  public IntensitySeries forecast(int region) {
    return forecasts.computeIfAbsent(
        region, r -> forecaster.forecast(scenario.actual(r), now, forecastHorizon));
  }

  public Duration forecastHorizon() {
    return forecastHorizon;
  }

  /** Starts a waiting workload in {@code region} now; false when it does not fit there now. */
  public boolean start(JobRun run, int region) {
    if (!waiting.contains(run)) {
      throw new IllegalStateException(run.workload.id() + " is not waiting");
    }
    if (!run.workload.regions().contains(scenario.regions().get(region).name())) {
      throw new IllegalStateException(
          run.workload.id() + " may not run in " + scenario.regions().get(region).name());
    }
    if (freeGpus[region] < run.workload.gpus() || sweepAtItsCap(run)) {
      return false;
    }
    freeGpus[region] -= run.workload.gpus();
    waiting.remove(run);
    active.add(run);
    run.region = region;
    run.firstStart = now;
    run.runFrom(now);
    return true;
  }

  /**
   * Whether the sweep {@code run} belongs to already runs as many trials as it allows at once: the
   * user's cap binds every policy alike, as a batch system's array throttle would.
   */
  private boolean sweepAtItsCap(JobRun run) {
    if (run.workload.sweep().isEmpty()) {
      return false;
    }
    SweepRef sweep = run.workload.sweep().get();
    long running =
        active.stream()
            .filter(JobRun::running)
            .filter(other -> other.workload.sweep().filter(sweep::equals).isPresent())
            .count();
    return running >= sweep.maxParallel();
  }

  /** Pauses a running interruptible workload, freeing its GPUs from this step on. */
  public void pause(JobRun run) {
    if (!run.running || !run.workload.interruptible()) {
      throw new IllegalStateException(run.workload.id() + " cannot be paused");
    }
    run.stopAt(now);
    freeGpus[run.region] += run.workload.gpus();
  }

  /**
   * Resumes a paused workload in its region, adding the checkpoint-restore overhead; false if full.
   */
  public boolean resume(JobRun run) {
    return resume(run, run.region);
  }

  /**
   * Resumes a paused workload in {@code region}, one of its allowed regions (its checkpoint moves
   * with it), adding the checkpoint-restore overhead; false if full.
   */
  public boolean resume(JobRun run, int region) {
    if (run.running || !run.started() || run.finished()) {
      throw new IllegalStateException(run.workload.id() + " is not paused");
    }
    if (!run.workload.regions().contains(scenario.regions().get(region).name())) {
      throw new IllegalStateException(
          run.workload.id() + " may not run in " + scenario.regions().get(region).name());
    }
    if (freeGpus[region] < run.workload.gpus() || sweepAtItsCap(run)) {
      return false;
    }
    freeGpus[region] -= run.workload.gpus();
    if (region != run.region) {
      run.migrations++;
      run.region = region;
    }
    run.runFrom(now);
    run.resumes++;
    run.remainingSeconds += scenario.resumeOverhead().getSeconds();
    return true;
  }
}
