package io.carbonq.scheduler.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.BudgetConfig;
import io.carbonq.config.BudgetPeriod;
import io.carbonq.config.BudgetScope;
import io.carbonq.config.OverBudget;
import io.carbonq.scheduler.budget.BudgetGate.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetGateTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Map<String, List<String>> TEAMS = Map.of("vision", List.of("alice", "bob"));

  private static Budget budget(BudgetScope scope, double kg, BudgetPeriod period, OverBudget over) {
    return Budget.fromConfig(new BudgetConfig(scope, kg, period, over));
  }

  private static Candidate job(
      String id, String owner, int submittedMinute, Instant end, double kg) {
    return new Candidate(id, owner, NOW.plus(Duration.ofMinutes(submittedMinute)), end, kg);
  }

  @Test
  void aMonthlyTeamBudgetServesJobsInSubmissionOrderAndRenewsOnTheFirst() {
    Budget team = budget(BudgetScope.team("vision"), 10, BudgetPeriod.MONTH, OverBudget.QUEUE);
    BudgetBook book = new BudgetBook(List.of(team), TEAMS, NOW);
    book.book(new Spend("alice", Instant.parse("2026-11-10T00:00:00Z"), 6, Spend.Kind.REALISED));
    // Counted in October, not in November.
    book.book(new Spend("bob", Instant.parse("2026-10-31T23:00:00Z"), 50, Spend.Kind.REALISED));
    // Carol is in no team with a budget.
    book.book(new Spend("carol", Instant.parse("2026-11-11T00:00:00Z"), 70, Spend.Kind.REALISED));
    Instant tonight = Instant.parse("2026-11-30T20:00:00Z");

    Map<String, BudgetGate.Over> over =
        BudgetGate.check(
            book,
            List.of(
                job("alice-2", "alice", 2, tonight, 2),
                job("bob-1", "bob", 1, tonight, 3),
                job("alice-dec", "alice", 3, Instant.parse("2026-12-01T02:00:00Z"), 2)));

    // 6 + 3 (bob first) = 9; alice's 2 would make 11 > 10. December's bucket is empty.
    assertThat(over).containsOnlyKeys("alice-2");
    BudgetGate.Over alice = over.get("alice-2");
    assertThat(alice.action()).isEqualTo(OverBudget.QUEUE);
    Shortfall shortfall = alice.shortfalls().get(0);
    assertThat(shortfall.usedKg()).isEqualTo(9.0);
    assertThat(shortfall.leftKg()).isEqualTo(1.0);
    assertThat(shortfall.renewsAt()).contains(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(alice.why())
        .isEqualTo(
            "over the budget of team:vision (10.00 kgCO2e per month): 9.00 spent or planned, 1.00"
                + " left, this job expects 2.00; enough renews at 2026-12-01T00:00:00Z");
    BudgetStatus status = book.status(team);
    assertThat(status.realisedKg()).isEqualTo(6.0);
    assertThat(status.plannedKg()).isEqualTo(3.0);
    assertThat(status.leftKg()).isEqualTo(1.0);
    assertThat(status.owners()).containsExactly("alice", "bob");
    assertThat(status.from()).isEqualTo("2026-11-01T00:00:00Z");
  }

  @Test
  void theStrictestActionOfTheBudgetsExceededApplies() {
    Budget own = budget(BudgetScope.owner("alice"), 1, BudgetPeriod.MONTH, OverBudget.DEFER);
    Budget team = budget(BudgetScope.team("vision"), 1, BudgetPeriod.MONTH, OverBudget.REFUSE);
    BudgetBook book = new BudgetBook(List.of(own, team), TEAMS, NOW);

    assertThat(BudgetGate.check(book.copy(), List.of(job("a", "alice", 0, NOW, 2))).get("a"))
        .satisfies(
            over -> {
              assertThat(over.action()).isEqualTo(OverBudget.REFUSE);
              assertThat(over.shortfalls())
                  .extracting(Shortfall::budget)
                  .containsExactly(own, team);
            });
    // Bob is only in the team.
    assertThat(BudgetGate.check(book.copy(), List.of(job("b", "bob", 0, NOW, 0.5)))).isEmpty();
  }

  @Test
  void aRollingBudgetRenewsWhenEnoughFinishedRunsFallOutOfTheThirtyDays() {
    Budget rolling =
        budget(BudgetScope.owner("alice"), 10, BudgetPeriod.ROLLING_30_DAYS, OverBudget.QUEUE);
    BudgetBook book = new BudgetBook(List.of(rolling), TEAMS, NOW);
    book.book(new Spend("alice", NOW.minus(Duration.ofDays(29)), 4, Spend.Kind.REALISED));
    book.book(new Spend("alice", NOW.minus(Duration.ofDays(10)), 5, Spend.Kind.REALISED));
    book.book(new Spend("alice", NOW.minus(Duration.ofDays(31)), 100, Spend.Kind.REALISED));

    // 4 + 5 = 9 counted: a 3 kg job fits once the 4 kg run, 29 days old, falls out tomorrow.
    List<Shortfall> three = book.shortfalls("alice", NOW.plus(Duration.ofHours(5)), 3);
    assertThat(three)
        .singleElement()
        .extracting(Shortfall::renewsAt)
        .isEqualTo(Optional.of(NOW.plus(Duration.ofDays(1))));
    // A job of 7 kg needs both to fall out: in 20 days.
    assertThat(book.shortfalls("alice", NOW, 7).get(0).renewsAt())
        .contains(NOW.plus(Duration.ofDays(20)));
    // More than the whole budget never fits, and the message says who can raise it.
    Shortfall never = book.shortfalls("alice", NOW, 12).get(0);
    assertThat(never.renewsAt()).isEmpty();
    assertThat(never.explain())
        .endsWith("an admin can raise it with `carbonq budget set owner:alice KG`");
    assertThat(book.shortfalls("alice", NOW, 1)).isEmpty();
    assertThat(book.status(rolling).renewsAt()).contains(NOW.plus(Duration.ofDays(1)));
    assertThat(book.status(rolling).to()).isEmpty();
  }

  @Test
  void aJobWhoseFootprintIsUnknownCountsAsNothing() {
    Budget own = budget(BudgetScope.owner("alice"), 0, BudgetPeriod.MONTH, OverBudget.QUEUE);
    BudgetBook book = new BudgetBook(List.of(own), TEAMS, NOW);

    // Planned without a forecast (fail-open): a forecast outage does not stop the owner's work.
    assertThat(BudgetGate.check(book, List.of(job("a", "alice", 0, NOW, Double.NaN)))).isEmpty();
    assertThat(BudgetGate.check(book, List.of(job("b", "alice", 0, NOW, 0.01)))).containsKey("b");
  }
}
