package io.carbonq.scheduler.energy;

import io.carbonq.scheduler.domain.RunNow;
import java.time.Instant;

/**
 * What a finished run cost, and what carbonq saved: its energy, the kgCO2e with the measured
 * intensity over its intervals and the region's PUE, and the counterfactual — the same energy
 * profile had it started at submission where {@code runNow} says (its home, or without one the
 * region it ran in), with that region's measured intensity. NaN where no intensity data covered the
 * run.
 */
public record Footprint(
    String jobId,
    String region,
    String zone,
    double pue,
    Instant start,
    Instant end,
    String gpuModel,
    double gpuHours,
    double energyKwh,
    double gpuKwh,
    double hostKwh,
    boolean measured,
    String energySource,
    double kgCo2e,
    String intensitySource,
    RunNow runNow,
    double counterfactualKgCo2e,
    double predictedKgCo2e) {

  public double savedKgCo2e() {
    return counterfactualKgCo2e - kgCo2e;
  }
}
