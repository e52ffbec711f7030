package io.carbonq.scheduler.simulation;

/**
 * A scheduling policy under simulation. At every step it sees the waiting and started workloads and
 * decides which waiting ones start now and where, and which interruptible ones pause or resume.
 * Started non-interruptible workloads always run on until done. One instance serves one run.
 */
public interface Policy {
  /** The id in result tables, e.g. {@code B0} or {@code S}. */
  String id();

  void decide(StepContext context);
}
