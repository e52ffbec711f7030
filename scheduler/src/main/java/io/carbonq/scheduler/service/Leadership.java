package io.carbonq.scheduler.service;

import java.util.function.Consumer;

/**
 * Whether this instance runs the cycle of planning, dispatch and forecast refresh. A single
 * instance always does; of several replicas on Kubernetes, the one holding the Lease does.
 */
@FunctionalInterface
public interface Leadership {
  /** The only instance, which always leads. */
  Leadership SOLE = onChange -> onChange.accept(true);

  /** Calls {@code onChange} with true when this instance starts leading, false when it stops. */
  void watch(Consumer<Boolean> onChange);
}
