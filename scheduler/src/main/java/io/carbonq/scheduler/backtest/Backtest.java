package io.carbonq.scheduler.backtest;

import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.ProgressListener;
import io.carbonq.scheduler.simulation.SimulationResult;
import io.carbonq.scheduler.simulation.Simulator;
import java.util.List;

/**
 * A history replayed: AS-RUN (the recorded starts) and every other policy on the same world, with
 * savings counted against what the cluster did emit.
 */
public record Backtest(BacktestWorld world, SimulationResult asRun, Comparison comparison) {

  public static Backtest run(
      BacktestWorld world, List<String> policies, ProgressListener progress) {
    SimulationResult asRun =
        new Simulator(world.asRunScenario(), Comparison.FORECAST_HORIZON)
            .run(new RecordedStartsPolicy(world.recordedStarts()), progress);
    return new Backtest(world, asRun, Comparison.run(world.scenario(), policies, progress));
  }

  /** AS-RUN first, then B0 and the other policies in the order asked. */
  public List<SimulationResult> results() {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(asRun), comparison.results().stream())
        .toList();
  }

  /** How much less than AS-RUN {@code kg} is, in per cent. */
  public double savedPct(double kg) {
    return 100 * (1 - kg / asRun.kgCo2e());
  }
}
