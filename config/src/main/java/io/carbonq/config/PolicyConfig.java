package io.carbonq.config;

import java.time.Duration;

/**
 * Planning defaults: the time step of candidate starts, how far ahead to plan, the share of a GPU's
 * rated power drawn while training, the PUE assumed where a region states none, whether
 * interruptible jobs may be paused and resumed at the cleanest slots, and the work a resume costs
 * (restoring the checkpoint).
 */
public record PolicyConfig(
    Duration step,
    Duration horizon,
    double gpuUtilisation,
    double defaultPue,
    boolean pauseInterruptible,
    Duration resumeOverhead) {
  public static final Duration DEFAULT_RESUME_OVERHEAD = Duration.ofMinutes(5);

  public static PolicyConfig defaults() {
    return new PolicyConfig(
        Duration.ofMinutes(30), Duration.ofDays(7), 1.0, 1.0, true, DEFAULT_RESUME_OVERHEAD);
  }
}
