package io.carbonq.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A GPU node pool: {@code gpus} devices of one model in one region; where known, the estimated
 * power of its hosts per GPU (for the host share of a job's energy) and the price of a GPU-hour.
 */
public record PoolConfig(
    String name,
    String region,
    String gpuModel,
    int gpus,
    Optional<HostPower> host,
    Optional<GpuHourPrice> price) {
  public PoolConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(price, "price");
  }

  /** A pool whose host power and price are not known. */
  public PoolConfig(String name, String region, String gpuModel, int gpus) {
    this(name, region, gpuModel, gpus, Optional.empty(), Optional.empty());
  }
}
