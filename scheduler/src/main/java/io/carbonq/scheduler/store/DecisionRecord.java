package io.carbonq.scheduler.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a job's decision log: an event ({@code submitted}, {@code planned}, {@code
 * deferred}, {@code dispatched}, …), and for plans where, when, the expected kgCO2e against running
 * now, why, and which forecast data it used.
 */
public record DecisionRecord(
    String workloadId,
    Instant at,
    String event,
    Optional<String> pool,
    Optional<String> region,
    Optional<Instant> start,
    Optional<Double> kgCo2e,
    Optional<Double> nowKgCo2e,
    String why,
    Optional<String> forecastSource) {}
