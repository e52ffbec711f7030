package io.carbonq.scheduler.planning;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of planning: one decision per workload, in the order they were planned. Immutable. It
 * also keeps what {@link Planner#add} needs to place one more workload without replanning; a plan
 * made by adding shares its decisions and capacity with the plan it was made from, so that adding
 * does not take longer as the plan grows.
 */
public final class Plan {
  private final PlanningContext context;
  private final CapacityLedger ledger;
  private final Decisions decisions;

  /** Keeps a copy of {@code ledger}: the caller may go on writing it. */
  Plan(PlanningContext context, CapacityLedger ledger, Decisions decisions) {
    this.context = context;
    this.ledger = ledger.copy();
    this.decisions = decisions;
  }

  /** This plan with {@code decision} added, {@code ledger} being the capacity left after it. */
  Plan with(Decision decision, CapacityLedger ledger) {
    return new Plan(context, ledger, decisions.plus(decision));
  }

  PlanningContext context() {
    return context;
  }

  /** A copy of the capacity left after this plan, for the next planning step to consume. */
  CapacityLedger remainingCapacity() {
    return ledger.copy();
  }

  public Instant now() {
    return context.now;
  }

  public List<Decision> decisions() {
    return decisions.asList();
  }

  public List<Placed> placed() {
    return decisions().stream().filter(Placed.class::isInstance).map(Placed.class::cast).toList();
  }

  public List<Deferred> deferred() {
    return decisions().stream()
        .filter(Deferred.class::isInstance)
        .map(Deferred.class::cast)
        .toList();
  }

  public Optional<Decision> decisionFor(String workloadId) {
    return decisions.byId(workloadId);
  }

  /** Free GPUs of {@code pool} in the slot containing {@code time}; for checks and reports. */
  public int freeGpus(String pool, Instant time) {
    int index = context.poolIndex(pool);
    if (index < 0) {
      throw new IllegalArgumentException("unknown pool " + pool);
    }
    return ledger.freeGpus(index, context.grid.slotOf(Math.max(0, context.grid.offset(time))));
  }
}
