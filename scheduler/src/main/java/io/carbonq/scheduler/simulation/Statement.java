package io.carbonq.scheduler.simulation;

import java.util.Objects;

/**
 * How a workload's user states it when submitting: the rule that sets its deadline from the run
 * time they state, and whose estimate that run time is. A sweep's trials and the copies of one
 * recorded job run the same time and share one estimate ({@code estimate}, e.g. "sweep " and the
 * sweep's id, so that a recorded job named like a sweep keeps its own): drawn per workload, their
 * estimates would together give the actual time away.
 */
public record Statement(DeadlineRule deadline, String estimate) {
  public Statement {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(estimate, "estimate");
  }
}
