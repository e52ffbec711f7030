package io.carbonq.scheduler.budget;

import java.time.Instant;
import java.util.Objects;

/**
 * kgCO2e counted against the budgets of {@code owner} at {@code at}, when the run ended or is
 * planned to end: what a finished run emitted, what a started one is expected to, or what a plan
 * expects.
 */
public record Spend(String owner, Instant at, double kg, Kind kind) {
  public enum Kind {
    /** A finished run's footprint. */
    REALISED,
    /** A dispatched, running or paused job's planned total. */
    COMMITTED,
    /** A planned job that has not started. */
    PLANNED
  }

  public Spend {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    // Unknown (no intensity data): counted as nothing rather than stopping the owner's work.
    kg = Double.isFinite(kg) && kg > 0 ? kg : 0;
  }
}
