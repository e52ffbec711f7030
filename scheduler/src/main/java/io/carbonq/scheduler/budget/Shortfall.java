package io.carbonq.scheduler.budget;

import io.carbonq.scheduler.budget.BudgetBook.Kg;
import java.time.Instant;
import java.util.Optional;

/**
 * A job that does not fit a budget: what the budget holds, what is spent or planned in the period
 * the job would count in, what the job expects, and when enough will have renewed for it (empty
 * when the job needs more than the budget can ever leave it).
 */
public record Shortfall(Budget budget, double usedKg, double jobKg, Optional<Instant> renewsAt) {

  public double leftKg() {
    return Math.max(0, budget.config().kgCo2e() - usedKg);
  }

  /** One sentence that names the budget, the figures and what would let the job run. */
  public String explain() {
    return over()
        + ": "
        + Kg.of(usedKg)
        + " spent or planned, "
        + Kg.of(leftKg())
        + " left, this job expects "
        + Kg.of(jobKg)
        + "; "
        + whatLetsItRun();
  }

  /** As {@link #explain()}, without the figures that change as forecasts and runs do. */
  public String briefly() {
    return over() + "; " + whatLetsItRun() + " (`carbonq budget` shows what is left)";
  }

  private String over() {
    return "over the budget of "
        + budget.config().scope()
        + " ("
        + Kg.of(budget.config().kgCo2e())
        + " kgCO2e per "
        + period()
        + ")";
  }

  private String period() {
    return budget.config().period() == io.carbonq.config.BudgetPeriod.MONTH ? "month" : "30 days";
  }

  private String whatLetsItRun() {
    if (renewsAt.isPresent()) {
      return "enough renews at " + renewsAt.get();
    }
    if (jobKg > budget.config().kgCo2e()) {
      return "more than the budget can leave it: an admin can raise it with `carbonq budget set "
          + budget.config().scope()
          + " KG`";
    }
    return "it fits once started or planned jobs end";
  }
}
