package io.carbonq.scheduler.estimate;

import java.util.List;
import java.util.Optional;

/**
 * The footprint of a run as requested, and the cleanest alternatives: the best start in the same
 * place, and the best start in any known region. {@code gpuEnergyKwh} is the GPUs' own energy;
 * {@code energyKwh} adds the facility overhead (× PUE), so {@code kgCo2e = energyKwh × g/kWh /
 * 1000}.
 */
public record Estimate(
    EstimateRequest request,
    double gpuPowerWatts,
    double gpuEnergyKwh,
    double energyKwh,
    WindowEstimate asRequested,
    Optional<WindowEstimate> bestSamePlace,
    Optional<WindowEstimate> bestAnywhere,
    List<String> zonesWithoutData) {

  public Estimate {
    zonesWithoutData = List.copyOf(zonesWithoutData);
  }

  /** The saving of {@code alternative} against the run as requested, as a fraction. */
  public double savingOf(WindowEstimate alternative) {
    return asRequested.kgCo2e() <= 0 ? 0 : 1 - alternative.kgCo2e() / asRequested.kgCo2e();
  }
}
