package io.carbonq.scheduler.budget;

import io.carbonq.config.BudgetPeriod;
import io.carbonq.config.BudgetScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The carbon budgets in force and what is counted against them, as of {@code now}. A spend counts
 * against its owner's budget and the budget of every team the owner is in. A calendar-month budget
 * counts the spends that end in the month; a rolling one counts those that ended in the last 30
 * days and everything started or planned, which is strict on purpose: a planned run that ends after
 * older runs have fallen out of the window still counts against today's figure. Pure: no I/O.
 */
public final class BudgetBook {
  /** Rounding a sum of doubles must not push a job that exactly fits over. */
  private static final double TOLERANCE_KG = 1e-9;

  private final List<Budget> budgets;
  private final Map<String, List<String>> teams;
  private final Instant now;
  private final List<Spend> spends = new ArrayList<>();

  public BudgetBook(List<Budget> budgets, Map<String, List<String>> teams, Instant now) {
    this.budgets = List.copyOf(budgets);
    this.teams = Map.copyOf(teams);
    this.now = now;
  }

  public Instant now() {
    return now;
  }

  public List<Budget> budgets() {
    return budgets;
  }

  /** A book with the same budgets and spends, which can be written without changing this one. */
  public BudgetBook copy() {
    BudgetBook copy = new BudgetBook(budgets, teams, now);
    copy.spends.addAll(spends);
    return copy;
  }

  public void book(Spend spend) {
    spends.add(spend);
  }

  /** The budgets {@code owner}'s jobs count against: the owner's own, then their teams'. */
  public List<Budget> budgetsOf(String owner) {
    return budgets.stream().filter(budget -> covers(budget.config().scope(), owner)).toList();
  }

  private boolean covers(BudgetScope scope, String owner) {
    return scope.kind() == BudgetScope.Kind.OWNER
        ? scope.name().equals(owner)
        : teams.getOrDefault(scope.name(), List.of()).contains(owner);
  }

  /** The budgets a spend of {@code kg} by {@code owner} ending at {@code at} would exceed. */
  public List<Shortfall> shortfalls(String owner, Instant at, double kg) {
    List<Shortfall> over = new ArrayList<>();
    for (Budget budget : budgetsOf(owner)) {
      double used = used(budget, at);
      if (used + kg > budget.config().kgCo2e() + TOLERANCE_KG) {
        over.add(new Shortfall(budget, used, kg, renewal(budget, at, used, kg)));
      }
    }
    return over;
  }

  /** What is counted against {@code budget} in the period a spend ending at {@code at} falls in. */
  double used(Budget budget, Instant at) {
    double used = 0;
    for (Spend spend : spends) {
      if (covers(budget.config().scope(), spend.owner()) && samePeriod(budget, spend.at(), at)) {
        used += spend.kg();
      }
    }
    return used;
  }

  private boolean samePeriod(Budget budget, Instant spent, Instant at) {
    if (budget.config().period() == BudgetPeriod.MONTH) {
      return BudgetPeriod.monthStart(spent).equals(BudgetPeriod.monthStart(at));
    }
    return spent.isAfter(now.minus(BudgetPeriod.ROLLING));
  }

  /**
   * When a job of {@code kg} will fit: the next month for a monthly budget it fits at all; for a
   * rolling one, when enough finished runs have fallen out of the 30 days.
   */
  private Optional<Instant> renewal(Budget budget, Instant at, double used, double kg) {
    double limit = budget.config().kgCo2e();
    if (kg > limit + TOLERANCE_KG) {
      return Optional.empty();
    }
    if (budget.config().period() == BudgetPeriod.MONTH) {
      return Optional.of(BudgetPeriod.nextMonthStart(at));
    }
    double counted = used;
    for (Spend past : realisedInWindow(budget)) {
      counted -= past.kg();
      if (counted + kg <= limit + TOLERANCE_KG) {
        return Optional.of(past.at().plus(BudgetPeriod.ROLLING));
      }
    }
    return Optional.empty();
  }

  private List<Spend> realisedInWindow(Budget budget) {
    return spends.stream()
        .filter(spend -> spend.kind() == Spend.Kind.REALISED)
        .filter(spend -> covers(budget.config().scope(), spend.owner()))
        .filter(spend -> samePeriod(budget, spend.at(), now))
        .sorted(Comparator.comparing(Spend::at))
        .toList();
  }

  /** Where {@code budget} stands now: its period, what is counted by kind, what is left. */
  public BudgetStatus status(Budget budget) {
    double[] byKind = new double[Spend.Kind.values().length];
    for (Spend spend : spends) {
      if (covers(budget.config().scope(), spend.owner()) && samePeriod(budget, spend.at(), now)) {
        byKind[spend.kind().ordinal()] += spend.kg();
      }
    }
    boolean monthly = budget.config().period() == BudgetPeriod.MONTH;
    Instant from = monthly ? BudgetPeriod.monthStart(now) : now.minus(BudgetPeriod.ROLLING);
    Optional<Instant> renews =
        monthly
            ? Optional.of(BudgetPeriod.nextMonthStart(now))
            : realisedInWindow(budget).stream()
                .findFirst()
                .map(oldest -> oldest.at().plus(BudgetPeriod.ROLLING));
    List<String> owners =
        budget.config().scope().kind() == BudgetScope.Kind.OWNER
            ? List.of(budget.config().scope().name())
            : teams.getOrDefault(budget.config().scope().name(), List.of());
    return new BudgetStatus(
        budget,
        owners,
        from,
        monthly ? Optional.of(BudgetPeriod.nextMonthStart(now)) : Optional.empty(),
        byKind[Spend.Kind.REALISED.ordinal()],
        byKind[Spend.Kind.COMMITTED.ordinal()],
        byKind[Spend.Kind.PLANNED.ordinal()],
        renews);
  }

  /** kgCO2e as the budget messages write it. */
  static final class Kg {
    private Kg() {}

    static String of(double kg) {
      return String.format(Locale.ROOT, "%.2f", kg);
    }
  }
}
