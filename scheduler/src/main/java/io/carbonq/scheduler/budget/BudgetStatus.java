package io.carbonq.scheduler.budget;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A budget now: its owners, the period counted ({@code from}, up to {@code to} for a calendar
 * month, open for a rolling one, which also counts what is started or planned after now), what is
 * counted by kind, and when some of it renews (the next month, or when the oldest finished run
 * counted falls out of the rolling 30 days; empty when nothing has run).
 */
public record BudgetStatus(
    Budget budget,
    List<String> owners,
    Instant from,
    Optional<Instant> to,
    double realisedKg,
    double committedKg,
    double plannedKg,
    Optional<Instant> renewsAt) {

  public BudgetStatus {
    owners = List.copyOf(owners);
  }

  public double usedKg() {
    return realisedKg + committedKg + plannedKg;
  }

  /** What is left, never below zero. */
  public double leftKg() {
    return Math.max(0, budget.config().kgCo2e() - usedKg());
  }
}
