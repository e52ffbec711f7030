package io.carbonq.config;

import static io.carbonq.config.ConfigLoaderTest.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetsSectionTest {
  private static final String POOLS =
      "pools:\n  - {name: p, region: gcp:europe-west4, gpuModel: A100, gpus: 8}\n";

  @Test
  void readsTeamsAndBudgetsWithTheirDefaults() {
    CarbonqConfig config =
        ConfigLoader.parse(
            POOLS
                + "teams:\n  vision: [alice, bob, alice]\n  nlp: [carol]\n"
                + "budgets:\n"
                + "  - {team: vision, kgCo2e: 50, period: 30d, overBudget: defer}\n"
                + "  - {owner: carol, kgCo2e: 2.5}\n",
            "t");

    assertThat(config.teams()).containsOnlyKeys("vision", "nlp");
    assertThat(config.teams().get("vision")).containsExactly("alice", "bob");
    assertThat(config.teamsOf("alice")).containsExactly("vision");
    assertThat(config.teamsOf("dave")).isEmpty();
    assertThat(config.budgets())
        .containsExactly(
            new BudgetConfig(
                BudgetScope.team("vision"), 50, BudgetPeriod.ROLLING_30_DAYS, OverBudget.DEFER),
            new BudgetConfig(
                BudgetScope.owner("carol"), 2.5, BudgetPeriod.MONTH, OverBudget.QUEUE));
  }

  @Test
  void aFileWithoutBudgetsHasNone() {
    CarbonqConfig config = ConfigLoader.parse(POOLS, "t");

    assertThat(config.teams()).isEmpty();
    assertThat(config.budgets()).isEmpty();
  }

  @Test
  void eachWrongFieldIsNamedWithItsFix() {
    List<String> errors =
        errorsOf(
            POOLS
                + "teams:\n  vision: [alice, 'bad name']\n  empty: []\n"
                + "budgets:\n"
                + "  - {team: visoin, kgCo2e: 5}\n"
                + "  - {owner: alice, team: vision, kgCo2e: 5}\n"
                + "  - {owner: bob, kgCo2e: -1}\n"
                + "  - {owner: carol, kgCo2e: 5, period: week, overBudget: drop}\n"
                + "  - {owner: dave}\n"
                + "  - {owner: erin, kgCo2e: 1, limit: 3}\n"
                + "  - {owner: frank, kgCo2e: 1}\n"
                + "  - {owner: frank, kgCo2e: 2}\n");

    assertThat(errors)
        .containsExactlyInAnyOrder(
            "teams.vision[1]: must be an owner's name (as their tokens name them), got 'bad name'",
            "teams.empty: must list at least one owner, e.g. [alice, bob]",
            "budgets[0].team: unknown team 'visoin'; list its owners under teams: first; did you"
                + " mean vision? known: vision, empty",
            "budgets[1]: needs exactly one of owner: or team:, the budget's holder",
            "budgets[2].kgCo2e: must be between 0 and 1000000000, got -1",
            "budgets[3].period: must be one of month, 30d, got 'week'",
            "budgets[3].overBudget: must be one of defer, queue, refuse, got 'drop'",
            "budgets[4].kgCo2e: is required",
            "budgets[5].limit: unknown field; known: owner, team, kgCo2e, period, overBudget",
            "budgets[7]: owner:frank has a budget already; keep one of them");
  }

  @Test
  void scopesParseFromTheirWrittenForm() {
    assertThat(BudgetScope.parse("team:vision")).contains(BudgetScope.team("vision"));
    assertThat(BudgetScope.parse("owner:alice@lab")).contains(BudgetScope.owner("alice@lab"));
    assertThat(BudgetScope.parse("alice")).isEmpty();
    assertThat(BudgetScope.parse("group:x")).isEmpty();
    assertThat(BudgetScope.parse("team:")).isEmpty();
    assertThat(BudgetScope.owner("alice")).hasToString("owner:alice");
  }

  @Test
  void monthsRenewOnTheFirstInUtc() {
    Instant lateNovember = Instant.parse("2026-11-30T23:59:59Z");

    assertThat(BudgetPeriod.monthStart(lateNovember)).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(BudgetPeriod.nextMonthStart(lateNovember)).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(BudgetPeriod.nextMonthStart(Instant.parse("2026-12-15T00:00:00Z")))
        .isEqualTo("2027-01-01T00:00:00Z");
  }
}
