package io.carbonq.scheduler.queue;

import java.time.Instant;

/**
 * Where and when the planner put a job, what it expects that to emit, what starting at once at home
 * would emit, why, and which forecast data the choice rests on.
 */
public record PlannedRun(
    String pool,
    String region,
    Instant start,
    Instant end,
    double kgCo2e,
    double nowKgCo2e,
    String why,
    String forecastSource) {}
