package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a comparison tells its listener, on the first 150 workloads of one copy of the trace. */
class ComparisonProgressTest {
  static Scenario whole;
  static Scenario scenario;

  /** Every call, in order. */
  static final class Recording implements ProgressListener {
    final List<String> policies = new ArrayList<>();
    final Map<String, List<long[]>> calls = new LinkedHashMap<>();
    final List<String> skipped = new ArrayList<>();

    @Override
    public void progressed(String policy, long done, long total) {
      if (policies.isEmpty() || !policies.get(policies.size() - 1).equals(policy)) {
        policies.add(policy);
      }
      calls.computeIfAbsent(policy, id -> new ArrayList<>()).add(new long[] {done, total});
    }

    @Override
    public void skipped(String policy, String reason) {
      skipped.add(policy + ": " + reason);
    }
  }

  @BeforeAll
  static void firstWorkloads() {
    whole = MainScenario.build(MainScenario.Options.defaults().withCopies(1, 0));
    scenario = whole.withWorkloads(whole.workloads().subList(0, 150));
  }

  @Test
  void everyPolicyIsHeardFromNothingToEveryWorkloadDoneNeverGoingBack() {
    Recording progress = new Recording();

    Comparison.run(scenario, List.of("B0", "B2", "B3", "S", "O1", "O2"), progress);

    // After O2, its relaxation to each policy's own completions (the per-policy κ).
    assertThat(progress.policies)
        .containsExactly(
            "B0", "B2", "B3", "S", "O1", "O2", "O2 for B0", "O2 for B2", "O2 for B3", "O2 for S");
    assertThat(progress.skipped).isEmpty();
    progress.calls.forEach(
        (policy, calls) -> {
          assertThat(calls).as(policy).allSatisfy(call -> assertThat(call[1]).isEqualTo(150));
          assertThat(calls.get(0)[0]).as(policy + " first").isZero();
          assertThat(calls.get(calls.size() - 1)[0]).as(policy + " last").isEqualTo(150);
          for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).as(policy).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
          }
        });
    // The simulated policies report as workloads finish, not only at the ends.
    assertThat(progress.calls.get("S")).hasSizeGreaterThan(10);
  }

  @Test
  void aLimitThatCannotRunIsNamedWithTheReasonAndNeverProgresses() {
    Recording progress = new Recording();
    Scenario tooMany =
        whole.withWorkloads(whole.workloads().subList(0, ExactOptimum.MAX_WORKLOADS + 1));

    Comparison.run(tooMany, List.of("B0", "O3"), progress);

    assertThat(progress.policies).containsExactly("B0");
    assertThat(progress.skipped)
        .singleElement()
        .asString()
        .startsWith("O3: only for up to " + ExactOptimum.MAX_WORKLOADS + " workloads");
  }
}
