package io.carbonq.scheduler.demo;

import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replays a plan in virtual time against measured intensity: each placed workload runs over its
 * window, in start order, and is charged energy × actual mean intensity × PUE. The counterfactual
 * runs the same workload at once where the plan compared it with (its home, or the first free
 * pool's region), capacity not modelled there.
 */
public final class Replay {
  private final Fleet fleet;
  private final ForecastSource actuals;

  public Replay(Fleet fleet, ForecastSource actuals) {
    this.fleet = fleet;
    this.actuals = actuals;
  }

  public List<RunOutcome> run(Instant now, List<Placed> placed) {
    List<RunOutcome> outcomes = new ArrayList<>();
    placed.stream()
        .sorted(Comparator.comparing(Placed::start).thenComparing(p -> p.workload().id()))
        .forEach(p -> outcomes.add(outcome(now, p)));
    return outcomes;
  }

  private RunOutcome outcome(Instant now, Placed placed) {
    NodePool pool = placed.pool();
    // Each piece draws its share of the run's energy.
    double running = Segment.total(placed.segments()).toSeconds();
    double realised = 0;
    for (Segment segment : placed.segments()) {
      double share = placed.energyKwh() * segment.length().toSeconds() / running;
      realised += measuredKg(pool.region(), share, segment.start(), segment.end());
    }
    Workload workload = placed.workload();
    Instant ready = workload.readyAt(now);
    Region home = fleet.region(placed.runNow().region());
    double homeEnergy =
        power().energyKwh(homePool(workload, home, pool), workload.gpus(), workload.duration());
    double runNow = measuredKg(home, homeEnergy, ready, ready.plus(workload.duration()));
    return new RunOutcome(placed, realised, runNow);
  }

  /**
   * The pool the workload would use running now, for its GPU model and host share: one there if it
   * fits, else the placed one.
   */
  private NodePool homePool(Workload workload, Region home, NodePool placedPool) {
    return fleet.pools().stream()
        .filter(p -> p.region().name().equals(home.name()))
        .filter(p -> workload.accepts(p.gpuModel()) && p.gpus() >= workload.gpus())
        .findFirst()
        .orElse(placedPool);
  }

  private GpuPowerModel power() {
    return fleet.power();
  }

  private double measuredKg(Region region, double energyKwh, Instant from, Instant to) {
    IntensitySeries measured = actuals.actuals(region.zone(), from, to);
    double mean = measured.meanGramsPerKwh(from, to);
    if (Double.isNaN(mean)) {
      throw new IllegalStateException(
          "no measured intensity for zone " + region.zone() + " from " + from + " to " + to);
    }
    return energyKwh * region.pue() * mean / 1000;
  }
}
