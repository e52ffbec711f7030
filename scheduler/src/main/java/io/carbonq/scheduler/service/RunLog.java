package io.carbonq.scheduler.service;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of a job printed, as its executor keeps it. A job paused and resumed has one run per
 * piece it ran: on Kubernetes each resume starts a new pod.
 *
 * @param run names the run: its pod on Kubernetes, "run 2" on the simulated cluster
 * @param startedAt when the run started, when known
 * @param text the run's output, lines ending in '\n' (the last one perhaps not yet, while it runs)
 */
public record RunLog(String run, Optional<Instant> startedAt, String text) {
  public RunLog {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(text, "text");
  }
}
