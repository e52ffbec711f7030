package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.testing.BundledConfigPlus;
import org.junit.jupiter.api.Test;

/** {@code carbonq budget} and a submission's budget lines, against a running service. */
class BudgetCliTest extends ServedCliTest {
  @Override
  Fleet fleet() {
    return new Fleet(
        BundledConfigPlus.of(
            "teams:\n  vision: [admin, ada]\n"
                + "budgets:\n  - {team: vision, kgCo2e: 100, overBudget: defer}\n"));
  }

  Result submit(String name) {
    return run(
        "submit",
        "--name",
        name,
        "--image",
        "train:1",
        "--gpus",
        "8",
        "--gpu-model",
        "A100",
        "--duration",
        "6h",
        "--deadline",
        "36h",
        "--home",
        "gcp:europe-west3");
  }

  @Test
  void theBudgetIsShownSetRefusingAndRemovedFromTheCommandLine() throws Exception {
    Result table = run("budget");
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out())
        .isEqualTo(
            "SCOPE        BUDGET  PER       USED    LEFT  RENEWS                IF OVER   RAN"
                + "  RUNNING  PLANNED\n"
                + "team:vision  100.00  month  0.00 0%  100.00  2023-04-01 00:00 UTC  defer    0.00"
                + "     0.00     0.00\n"
                + "kgCO2e as footprints count it; USED counts runs ended, started and planned\n");

    Result first = submit("ft-1");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .containsPattern(
            "budget team:vision: 0\\.00 of 100\\.00 kgCO2e used this month, 100\\.00 left; this"
                + " submission expects [0-9]+\\.[0-9]{2}\n");

    Result cut = run("budget", "set", "team:vision", "0.01", "--over-budget", "refuse");
    assertThat(cut.exit()).as(cut.err()).isZero();
    assertThat(cut.out())
        .startsWith("set team:vision: 0.01 kgCO2e per month, ")
        .endsWith("over it, jobs are refused at submission\n");
    Result refused = submit("ft-2");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("error: not queued: over the budget of team:vision (0.01 kgCO2e per month)");
    assertThat(run("budget", "-o", "json").json().path("budgets").get(0).path("setBy").asText())
        .startsWith("api: admin at 2023-03-13T08:00:00Z");

    Result removed = run("budget", "delete", "team:vision");
    assertThat(removed.out())
        .startsWith("removed the budget of team:vision\nin force again from carbonq.yaml:")
        .contains("100.00 kgCO2e per month");
    assertThat(submit("ft-2").exit()).isZero();
  }

  @Test
  void aWrongScopeOrValueIsAUsageErrorThatSaysTheFix() {
    Result scope = run("budget", "set", "vision", "5");
    assertThat(scope.exit()).isEqualTo(2);
    assertThat(scope.err()).contains("'vision' is not a budget scope; use owner:NAME or team:NAME");
    Result period = run("budget", "set", "owner:ada", "5", "--period", "week");
    assertThat(period.exit()).isEqualTo(2);
    assertThat(period.err()).contains("period must be one of month, 30d, got \"week\"");
    Result kg = run("budget", "set", "owner:ada", "lots");
    assertThat(kg.exit()).isEqualTo(2);
    assertThat(kg.err()).contains("KG");
  }
}
