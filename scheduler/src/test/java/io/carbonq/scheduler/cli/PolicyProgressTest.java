package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.testing.MovableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress of {@code carbonq simulate} on standard error. */
class PolicyProgressTest {
  static final Instant T0 = Instant.parse("2023-03-01T00:00:00Z");

  final MovableClock clock = new MovableClock(T0);
  final StringWriter err = new StringWriter();

  PolicyProgress progress(Terminal terminal, boolean quiet) {
    return PolicyProgress.on(new PrintWriter(err), terminal, clock, quiet);
  }

  /** B0 in 20 s, then S a quarter done after 30 s, half after a minute, done after two. */
  void twoPolicies(PolicyProgress progress) {
    progress.progressed("B0", 0, 100);
    clock.now = T0.plusSeconds(20);
    progress.progressed("B0", 100, 100);
    progress.progressed("S", 0, 100);
    clock.now = T0.plusSeconds(50);
    progress.progressed("S", 25, 100);
    clock.now = T0.plusSeconds(80);
    progress.progressed("S", 50, 100);
    clock.now = T0.plusSeconds(140);
    progress.progressed("S", 100, 100);
  }

  @Test
  void onATerminalABarPerPolicyIsRedrawnInPlaceWithTheTimeLeftAndFitsEightyColumns() {
    twoPolicies(progress(new Terminal(80, false, true), false));

    List<String> lines = Arrays.asList(err.toString().split("\n", -1));
    assertThat(lines).hasSize(3).last().isEqualTo("");
    List<String> draws =
        Arrays.stream(err.toString().split("[\r\n]")).filter(d -> !d.isEmpty()).toList();
    assertThat(draws)
        .extracting(String::stripTrailing)
        .containsExactly(
            "B0        [........................................]    0%  ETA --",
            "B0        [########################################]  100%  in 20s",
            "S         [........................................]    0%  ETA --",
            "S         [##########..............................]   25%  ETA 1m30s",
            "S         [####################....................]   50%  ETA 1m00s",
            "S         [########################################]  100%  in 2m00s");
    assertThat(draws).allSatisfy(draw -> assertThat(draw.length()).isLessThan(80));
  }

  @Test
  void onANarrowTerminalTheBarShrinks() {
    twoPolicies(progress(new Terminal(60, false, true), false));

    assertThat(err.toString().split("[\r\n]"))
        .allSatisfy(draw -> assertThat(draw.length()).isLessThan(60));
  }

  @Test
  void inAFileOrAPipeEachPolicyPrintsOnePlainLineWhenItFinishes() {
    twoPolicies(progress(Terminal.PIPE, false));

    assertThat(err.toString()).doesNotContain("\r").doesNotContain("[");
    assertThat(err.toString().lines())
        .containsExactly("B0        done in 20s", "S         done in 2m00s");
  }

  @Test
  void quietPrintsOnlyThePoliciesLeftOut() {
    PolicyProgress progress = progress(new Terminal(80, false, true), true);
    twoPolicies(progress);
    progress.skipped("O2", "no min-cost-flow solver on the class path");

    assertThat(err.toString()).isEqualTo("O2 skipped: no min-cost-flow solver on the class path\n");
  }

  @Test
  void aPolicyLeftOutAfterItStartedClearsItsBarFirst() {
    PolicyProgress progress = progress(new Terminal(80, false, true), false);
    progress.progressed("O3", 0, 150);
    progress.skipped("O3", "no proof in time");

    String[] draws = err.toString().split("\r");
    assertThat(draws[draws.length - 1]).isEqualTo("O3 skipped: no proof in time\n");
    assertThat(draws[draws.length - 2]).isBlank();
  }

  @Test
  void theTimeLeftIsTheTimeSoFarPerUnitDoneTimesTheUnitsLeft() {
    assertThat(PolicyProgress.timeLeft(Duration.ofSeconds(30), 0, 100)).isEmpty();
    assertThat(PolicyProgress.timeLeft(Duration.ofSeconds(30), 25, 100))
        .contains(Duration.ofSeconds(90));
    assertThat(PolicyProgress.compact(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(PolicyProgress.compact(Duration.ofSeconds(72))).isEqualTo("1m12s");
    assertThat(PolicyProgress.compact(Duration.ofMinutes(125))).isEqualTo("2h05m");
    assertThat(PolicyProgress.percent(99, 100)).isEqualTo(99);
    assertThat(PolicyProgress.percent(0, 0)).isEqualTo(100);
  }
}
