package io.carbonq.scheduler.store;

import io.carbonq.scheduler.queue.JobState;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs to list: by owner, states and sweep, at most {@code limit}, oldest submission first
 * unless {@code newestFirst}.
 */
public record JobFilter(
    Optional<String> owner,
    Set<JobState> states,
    Optional<String> sweepId,
    int limit,
    boolean newestFirst) {
  public static final int MAX_LIMIT = 100_000;

  public JobFilter {
    states = states.isEmpty() ? EnumSet.allOf(JobState.class) : EnumSet.copyOf(states);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  public static JobFilter all() {
    return new JobFilter(
        Optional.empty(), EnumSet.allOf(JobState.class), Optional.empty(), MAX_LIMIT, false);
  }

  public JobFilter withOwner(String newOwner) {
    return new JobFilter(Optional.of(newOwner), states, sweepId, limit, newestFirst);
  }

  public JobFilter withStates(Set<JobState> newStates) {
    return new JobFilter(owner, newStates, sweepId, limit, newestFirst);
  }

  public JobFilter withSweep(String sweep) {
    return new JobFilter(owner, states, Optional.of(sweep), limit, newestFirst);
  }

  public JobFilter withLimit(int newLimit) {
    return new JobFilter(owner, states, sweepId, newLimit, newestFirst);
  }

  /** The same jobs, the latest submission first (ties: the greater id first). */
  public JobFilter withNewestFirst() {
    return new JobFilter(owner, states, sweepId, limit, true);
  }
}
