package io.carbonq.config;

/** A GPU node pool: {@code gpus} devices of one model in one region. */
public record PoolConfig(String name, String region, String gpuModel, int gpus) {}
