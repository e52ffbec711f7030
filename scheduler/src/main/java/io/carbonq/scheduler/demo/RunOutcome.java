package io.carbonq.scheduler.demo;

import io.carbonq.scheduler.planning.Placed;

/**
 * A placed workload after it ran: emissions with the intensity actually measured over its window,
 * and what running it at once in its home region would have emitted, also measured.
 */
public record RunOutcome(Placed placed, double realisedKgCo2e, double runNowKgCo2e) {}
