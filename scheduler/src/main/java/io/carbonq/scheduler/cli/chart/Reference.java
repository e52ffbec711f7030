package io.carbonq.scheduler.cli.chart;

import io.carbonq.scheduler.simulation.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A bound from an oracle, drawn as a line to compare against rather than as a policy: O1 the
 * per-job oracle, O2 the capacity-aware limit, O3 the optimum of whole runs. They schedule no
 * workloads the chart could count, so they have no misses or waits.
 */
record Reference(String id, String name, double kgCo2e, double reductionPct) {
  static final String COLOUR = "#7b1fa2";

  static List<Reference> of(Comparison comparison) {
    List<Reference> references = new ArrayList<>();
    add(references, comparison, "O1", "per-job oracle", comparison.perJobOracleKg());
    add(references, comparison, "O2", "capacity-aware limit", comparison.capacityAwareLimitKg());
    add(references, comparison, "O3", "optimum of whole runs", comparison.exactOptimumKg());
    return references;
  }

  private static void add(
      List<Reference> references,
      Comparison comparison,
      String id,
      String name,
      OptionalDouble kg) {
    if (kg.isPresent()) {
      double reduction = PolicyFigures.reduction(comparison, kg.getAsDouble());
      if (Double.isFinite(reduction)) {
        references.add(new Reference(id, name, kg.getAsDouble(), reduction));
      }
    }
  }

  /** Its id and reduction, to stand beside its line. */
  String shortLabel() {
    return id + " " + ComparisonChart.number(reductionPct, " %");
  }

  Legend.Entry legendEntry() {
    return new Legend.Entry(
        id,
        String.format(Locale.ROOT, "%s %s (%.1f kgCO2e)", id, name, kgCo2e),
        Legend.Swatch.DASHED,
        COLOUR);
  }
}
