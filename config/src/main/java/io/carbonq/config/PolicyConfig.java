package io.carbonq.config;

import java.time.Duration;

/**
 * Planning defaults: the time step of candidate starts, how far ahead to plan, the share of a GPU's
 * rated power drawn while training, the PUE assumed where a region states none, whether
 * interruptible jobs may be paused and resumed at the cleanest slots, the work a resume costs
 * (restoring the checkpoint), how long GPUs and servers serve before they are replaced (over which
 * an SCI score spreads their embodied emissions), and whether to hold GPUs for the urgent work of
 * the past day, expected again a day later.
 */
public record PolicyConfig(
    Duration step,
    Duration horizon,
    double gpuUtilisation,
    double defaultPue,
    boolean pauseInterruptible,
    Duration resumeOverhead,
    Duration hardwareLifetime,
    boolean expectUrgentWork) {
  public static final Duration DEFAULT_RESUME_OVERHEAD = Duration.ofMinutes(5);

  /**
   * Four years (35,040 h): Cloud Carbon Footprint's expected server lifespan
   * (SERVER_EXPECTED_LIFESPAN).
   */
  public static final Duration DEFAULT_HARDWARE_LIFETIME = Duration.ofHours(35_040);

  public static PolicyConfig defaults() {
    return new PolicyConfig(
        Duration.ofMinutes(30),
        Duration.ofDays(7),
        1.0,
        1.0,
        true,
        DEFAULT_RESUME_OVERHEAD,
        DEFAULT_HARDWARE_LIFETIME,
        false);
  }
}
