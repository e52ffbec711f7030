package io.carbonq.scheduler.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Power drawn by GPUs while training: the rated power per model times a utilisation factor, and,
 * for a pool that states one, its hosts' share per GPU. Energy is in kWh and excludes the facility
 * overhead (PUE), which belongs to the region.
 */
public record GpuPowerModel(Map<String, Double> wattsByModel, double utilisation) {
  public GpuPowerModel {
    wattsByModel = Map.copyOf(wattsByModel);
    if (!(utilisation > 0 && utilisation <= 1)) {
      throw new IllegalArgumentException("utilisation must be in (0, 1], got " + utilisation);
    }
    wattsByModel.forEach(
        (model, watts) -> {
          if (!(watts > 0)) {
            throw new IllegalArgumentException(
                "GPU " + model + ": watts must be > 0, got " + watts);
          }
        });
  }

  public Set<String> models() {
    return new TreeMap<>(wattsByModel).keySet();
  }

  /** The power one device of {@code model} draws while training, in watts. */
  public double powerWatts(String model) {
    Double watts = wattsByModel.get(model);
    if (watts == null) {
      throw new IllegalArgumentException(
          "no power figure for GPU model " + model + "; known: " + String.join(", ", models()));
    }
    return watts * utilisation;
  }

  /**
   * The IT energy of {@code gpus} devices of {@code pool}'s model running for {@code duration},
   * with the pool's host share per GPU where it states one: what a footprint of a run there counts.
   */
  public double energyKwh(NodePool pool, int gpus, Duration duration) {
    return gpus
        * (powerWatts(pool.gpuModel()) + pool.hostWattsPerGpu())
        * duration.toNanos()
        / 3.6e15;
  }

  /** The IT energy of {@code gpus} devices of {@code model} running for {@code duration}. */
  public double energyKwh(String model, int gpus, Duration duration) {
    return gpus * powerWatts(model) * duration.toNanos() / 3.6e15;
  }
}
