package io.carbonq.k8s;

import java.time.Instant;
import java.util.Optional;

/** What a cluster says of a run, read from its Job. */
public record RunStatus(
    String runId,
    Phase phase,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    String reason) {

  /** The run's phase, from the Job's status and spec. */
  public enum Phase {
    PENDING,
    SUSPENDED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }
}
