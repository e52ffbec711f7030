package io.carbonq.config;

import java.util.Objects;

/**
 * A carbon budget: at most {@code kgCo2e} (location-based, as the footprints count it) per {@code
 * period} for one owner or team, and what happens to a job that would spend past it.
 */
public record BudgetConfig(
    BudgetScope scope, double kgCo2e, BudgetPeriod period, OverBudget overBudget) {
  /** The largest budget one scope may have: far above any cluster's month. */
  public static final double MAX_KG = 1e9;

  public static final BudgetPeriod DEFAULT_PERIOD = BudgetPeriod.MONTH;
  public static final OverBudget DEFAULT_OVER_BUDGET = OverBudget.QUEUE;

  public BudgetConfig {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(overBudget, "overBudget");
    if (!(kgCo2e >= 0 && kgCo2e <= MAX_KG)) {
      throw new IllegalArgumentException("kgCo2e must be between 0 and " + MAX_KG);
    }
  }
}
