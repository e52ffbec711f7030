package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.Workload;

/** What the planner decided for one workload, with a one-line explanation a person can read. */
public sealed interface Decision permits Placed, Deferred {
  Workload workload();

  /**
   * Why, in one line, e.g. {@code deferred 7h to 02:00 UTC in gcp:europe-west4: 41% less than
   * running now in gcp:europe-west3}.
   */
  String why();
}
