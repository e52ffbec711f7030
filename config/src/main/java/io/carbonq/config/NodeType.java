package io.carbonq.config;

import java.util.Objects;

/**
 * A cloud GPU node type as its provider lists it: {@code vcpus} virtual CPUs, {@code memoryGb} of
 * memory and {@code gpus} devices of {@code gpuModel} on one node.
 */
public record NodeType(
    String name, String provider, int vcpus, double memoryGb, int gpus, String gpuModel) {
  public NodeType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(gpuModel, "gpuModel");
    if (vcpus <= 0 || !(memoryGb > 0) || gpus <= 0) {
      throw new IllegalArgumentException(
          "node type " + name + ": vcpus, memory and gpus must be > 0");
    }
  }

  /**
   * The power of the node's CPUs and memory while it trains, in watts (see {@link CcfHostPower}).
   */
  public double hostWatts() {
    return CcfHostPower.watts(provider, vcpus, memoryGb);
  }

  /** One GPU's equal share of {@link #hostWatts()}: a job holding g of n GPUs draws g/n of it. */
  public double hostWattsPerGpu() {
    return hostWatts() / gpus;
  }
}
