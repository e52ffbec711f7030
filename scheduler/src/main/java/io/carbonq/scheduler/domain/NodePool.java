package io.carbonq.scheduler.domain;

import java.util.Objects;

/** A pool of {@code gpus} identical GPUs in one region. */
public record NodePool(String name, Region region, String gpuModel, int gpus) {
  public NodePool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(gpuModel, "gpuModel");
    if (gpus <= 0) {
      throw new IllegalArgumentException("pool " + name + ": gpus must be > 0, got " + gpus);
    }
  }
}
