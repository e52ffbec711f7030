package io.carbonq.scheduler.cli.chart;

import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.SimulationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What the chart shows of one simulated policy; {@code reductionPct} is against the baseline (B0,
 * or AS-RUN in a backtest), NaN when it emitted nothing. Policies whose id starts with S are
 * carbonq's variants, the rest baselines.
 */
record PolicyFigures(
    String id,
    double kgCo2e,
    double reductionPct,
    double deadlineMissPct,
    double meanWaitHours,
    double p95WaitHours) {
  static final String CARBONQ = "carbonq";
  static final String BASELINES = "baselines";
  static final String CARBONQ_COLOUR = "#2e7d32";
  static final String BASELINE_COLOUR = "#78909c";

  static List<PolicyFigures> of(Comparison comparison) {
    List<PolicyFigures> figures = new ArrayList<>();
    for (SimulationResult result : comparison.results()) {
      figures.add(
          new PolicyFigures(
              result.policy(),
              result.kgCo2e(),
              reduction(comparison, result.kgCo2e()),
              result.deadlineMissPct(),
              result.meanWaitHours(),
              result.p95WaitHours()));
    }
    return figures;
  }

  static double reduction(Comparison comparison, double kg) {
    return comparison.baseline().kgCo2e() > 0 ? comparison.reductionPct(kg) : Double.NaN;
  }

  boolean carbonq() {
    return id.startsWith("S");
  }

  String series() {
    return carbonq() ? CARBONQ : BASELINES;
  }

  String colour() {
    return carbonq() ? CARBONQ_COLOUR : BASELINE_COLOUR;
  }

  /** One legend entry per kind of policy present, drawn as {@code swatch}. */
  static List<Legend.Entry> kinds(List<PolicyFigures> policies, Legend.Swatch swatch) {
    List<Legend.Entry> entries = new ArrayList<>();
    if (policies.stream().anyMatch(p -> !p.carbonq())) {
      entries.add(new Legend.Entry(BASELINES, "baseline policies (B…)", swatch, BASELINE_COLOUR));
    }
    if (policies.stream().anyMatch(PolicyFigures::carbonq)) {
      entries.add(new Legend.Entry(CARBONQ, "carbonq (S…)", swatch, CARBONQ_COLOUR));
    }
    return entries;
  }
}
