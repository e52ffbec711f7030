package io.carbonq.scheduler.estimate;

import java.time.Instant;

/**
 * The emissions of one run: where, when, the mean intensity over it and what supplied that figure.
 */
public record WindowEstimate(
    String region,
    String zone,
    double pue,
    Instant start,
    double gramsPerKwh,
    double kgCo2e,
    String intensitySource) {}
