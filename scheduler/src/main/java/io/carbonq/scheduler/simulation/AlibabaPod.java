package io.carbonq.scheduler.simulation;

/**
 * One GPU pod of the Alibaba GPU cluster trace (2023, "openb"): GPUs requested, the share of one
 * GPU for sharing pods (1000 = whole), quality of service, and creation, scheduling and deletion in
 * seconds since the trace began.
 */
public record AlibabaPod(
    String name, int gpus, int gpuMilli, String qos, long created, long scheduled, long deleted) {

  /** Latency-sensitive pods serve traffic and cannot wait. */
  public boolean latencySensitive() {
    return qos.equals("LS");
  }

  public long durationSeconds() {
    return deleted - scheduled;
  }
}
