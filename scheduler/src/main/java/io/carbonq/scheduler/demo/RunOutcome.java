package io.carbonq.scheduler.demo;

import io.carbonq.scheduler.planning.Placed;

/**
 * A placed workload after it ran: emissions with the intensity actually measured over its window,
 * and what running it at once where its plan compared it with (its home, else the first free pool)
 * would have emitted, also measured.
 */
public record RunOutcome(Placed placed, double realisedKgCo2e, double runNowKgCo2e) {}
