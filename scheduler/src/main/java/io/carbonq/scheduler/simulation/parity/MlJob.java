package io.carbonq.scheduler.simulation.parity;

import java.time.Duration;
import java.time.Instant;

/**
 * A training job of the paper's ML experiment: submitted at {@code submitted}, runs {@code
 * duration}.
 */
record MlJob(int id, Instant submitted, Duration duration) {}
