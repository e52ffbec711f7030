package io.carbonq.scheduler.domain;

import java.util.Objects;

/**
 * A pool of {@code gpus} identical GPUs in one region; {@code hostWattsPerGpu} is its hosts'
 * estimated power (CPUs, memory) per GPU a job holds, 0 where the pool states none.
 */
public record NodePool(
    String name, Region region, String gpuModel, int gpus, double hostWattsPerGpu) {
  public NodePool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(gpuModel, "gpuModel");
    if (gpus <= 0) {
      throw new IllegalArgumentException("pool " + name + ": gpus must be > 0, got " + gpus);
    }
    if (!(hostWattsPerGpu >= 0) || Double.isInfinite(hostWattsPerGpu)) {
      throw new IllegalArgumentException(
          "pool " + name + ": host watts per GPU must be >= 0, got " + hostWattsPerGpu);
    }
  }

  /** A pool whose host power is not counted. */
  public NodePool(String name, Region region, String gpuModel, int gpus) {
    this(name, region, gpuModel, gpus, 0);
  }
}
