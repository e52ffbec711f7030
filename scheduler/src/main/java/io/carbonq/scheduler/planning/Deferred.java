package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.Workload;
import java.util.Objects;

/** The workload is not placed in this plan; {@code reason} says why and what would change it. */
public record Deferred(Workload workload, Reason reason, String why) implements Decision {

  /** Why a workload could not be placed. */
  public enum Reason {
    /** No pool in its regions has its GPU model with enough GPUs. */
    NO_MATCHING_POOL,
    /** Its pools are full for the whole planning horizon. */
    NO_CAPACITY,
    /** It cannot start and finish inside the planning horizon yet; a later plan will place it. */
    BEYOND_HORIZON
  }

  public Deferred {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(why, "why");
  }
}
