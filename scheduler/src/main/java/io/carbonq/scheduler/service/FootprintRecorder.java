package io.carbonq.scheduler.service;

import io.carbonq.config.HostPower;
import io.carbonq.config.PoolConfig;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.RunNow;
import io.carbonq.scheduler.energy.EnergyMeter;
import io.carbonq.scheduler.energy.EnergyProfile;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.energy.FootprintCalculator;
import io.carbonq.scheduler.energy.HostEstimate;
import io.carbonq.scheduler.energy.TdpEstimate;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import io.carbonq.scheduler.store.FootprintStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * When a job finishes: its energy (from the meter, else the rated-power estimate; the host's share
 * from the meter, else the pool's stated host power, else not counted), the kgCO2e with the
 * measured intensity over its run, and the counterfactual of the same energy profile, without its
 * pauses, started when it was ready after submission: in its home region, or, for a job without a
 * home, in the region it ran in (what waiting saved, not where); stored for {@code carbonq report}.
 */
final class FootprintRecorder {
  private static final System.Logger LOG = System.getLogger(FootprintRecorder.class.getName());

  private final Fleet fleet;
  private final ForecastSource intensities;
  private final EnergyMeter meter;
  private final FootprintStore store;
  private final JobExecutor executor;

  FootprintRecorder(
      Fleet fleet,
      ForecastSource intensities,
      EnergyMeter meter,
      FootprintStore store,
      JobExecutor executor) {
    this.fleet = fleet;
    this.executor = executor;
    this.intensities = intensities;
    this.meter = meter;
    this.store = store;
  }

  void record(QueuedJob job) {
    Optional<PlannedRun> plan = job.plan();
    if (plan.isEmpty() || job.finishedAt().isEmpty()) {
      return;
    }
    try {
      store.save(footprint(job, plan.get()));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "no footprint for " + job.id() + ": " + e.getMessage());
    }
  }

  Footprint footprint(QueuedJob job, PlannedRun plan) {
    Instant started = job.startedAt().or(job::dispatchedAt).orElse(plan.start());
    Instant finished = job.finishedAt().orElseThrow();
    NodePool pool =
        fleet.pools().stream().filter(p -> p.name().equals(plan.pool())).findFirst().orElseThrow();
    Region region = pool.region();
    // A job that paused drew power only in the pieces it ran; a simulated cluster that runs jobs
    // faster than real time says how long the run they stand for took.
    List<Segment> pieces =
        executor.run(
            job.history()
                .map(history -> history.pieces(finished))
                .filter(ran -> !ran.isEmpty())
                .orElse(
                    finished.isAfter(started)
                        ? List.of(new Segment(started, finished))
                        : List.of()));
    Instant start = pieces.isEmpty() ? started : pieces.get(0).start();
    Instant end = pieces.isEmpty() ? finished : pieces.get(pieces.size() - 1).end();
    // A run that took no time has nothing to measure.
    EnergyProfile gpus =
        (pieces.isEmpty() ? Optional.<EnergyProfile>empty() : meter.measure(job, pieces))
            .orElseGet(
                () ->
                    new TdpEstimate(fleet.power())
                        .estimate(job, pool.gpuModel(), start, end, pieces));
    PoolConfig stated = poolConfig(pool);
    // Where no meter saw the host, the pool's stated host power estimates its share.
    EnergyProfile profile =
        HostEstimate.added(
            gpus,
            pool.hostWattsPerGpu(),
            job.workload().gpus(),
            pieces,
            stated.host().map(HostPower::basis).orElse(""));
    double kg = Double.NaN;
    String source;
    SignalKind signal = SignalKind.AVERAGE;
    try {
      IntensitySeries actual = actuals(region.zone(), profile);
      kg = FootprintCalculator.kgCo2e(profile, actual, region.pue());
      source = actual.source();
      signal = actual.signal();
    } catch (ForecastException e) {
      source = "no measured intensity: " + e.getMessage();
    }
    RunNow runNow =
        job.workload()
            .home()
            .map(home -> new RunNow(RunNow.Basis.HOME, home))
            .orElseGet(() -> new RunNow(RunNow.Basis.WHERE_IT_RAN, region.name()));
    Region there = fleet.region(runNow.region());
    EnergyProfile counterfactual =
        profile.withoutPauses().shiftedTo(job.workload().readyAt(job.submittedAt()));
    double runNowKg = Double.NaN;
    try {
      runNowKg =
          FootprintCalculator.kgCo2e(
              counterfactual, actuals(there.zone(), counterfactual), there.pue());
    } catch (ForecastException e) {
      // Stays unknown; the report says so.
    }
    double hours = Segment.total(pieces).toSeconds() / 3600.0;
    return new Footprint(
        job.id(),
        region.name(),
        region.zone(),
        region.pue(),
        start,
        end,
        pool.gpuModel(),
        job.workload().gpus() * hours,
        profile.totalKwh(),
        profile.gpuKwh(),
        profile.hostKwh(),
        profile.measured(),
        profile.hostShare(),
        profile.source(),
        kg,
        source,
        runNow,
        runNowKg,
        plan.kgCo2e() + job.history().map(RunHistory::ranPlannedKg).orElse(0.0),
        stated.price(),
        signal);
  }

  private PoolConfig poolConfig(NodePool pool) {
    return fleet.config().pools().stream()
        .filter(p -> p.name().equals(pool.name()))
        .findFirst()
        .orElseThrow();
  }

  private IntensitySeries actuals(String zone, EnergyProfile profile) {
    Instant from = profile.start().truncatedTo(ChronoUnit.HOURS);
    Instant to = profile.end().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    return intensities.actuals(zone, from, to);
  }
}
