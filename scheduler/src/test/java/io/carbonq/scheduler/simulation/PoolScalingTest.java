package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Quick runs on a scenario's first workloads, on pools shrunk to load them as the whole. */
class PoolScalingTest {
  @Test
  void everyPoolShrinksByOneFactorAndTheLargestRemaindersRoundUpToKeepTheTotal() {
    // 10, 3, 40 and 7 GPUs at a quarter: 2.5, 0.75, 10 and 1.75, 15 in all.
    int[] sizes = PoolScaling.scaled(new int[] {10, 3, 40, 7}, 0.25, new int[4]);

    assertThat(sizes).containsExactly(2, 1, 10, 2);
    assertThat(Arrays.stream(sizes).sum()).isEqualTo(15);
  }

  @Test
  void aPoolKeepsOneGpuAndRoomForTheWidestWorkloadHomedThere() {
    int[] sizes = PoolScaling.scaled(new int[] {10, 3, 40, 7}, 0.01, new int[] {0, 0, 8, 2});

    assertThat(sizes).containsExactly(1, 1, 8, 2);
  }

  @Test
  void theOfferedLoadCountsEachWorkloadFromArrivalUpToTheLastArrival() {
    // Two GPUs over the 10 hours to the last arrival: 2 GPUs × 4 h, then 1 GPU × 6 h of a 20 h
    // run cut at the last arrival, then a run that starts at the last arrival and counts nothing.
    Scenario scenario =
        world(
            new int[] {1, 1},
            List.of(
                workload("a", "r1", 2, T0, Duration.ofHours(4)),
                workload("b", "r2", 1, T0.plus(Duration.ofHours(4)), Duration.ofHours(20)),
                workload("c", "r1", 1, T0.plus(Duration.ofHours(10)), Duration.ofHours(1))));

    assertThat(scenario.offeredLoad()).isCloseTo((2 * 4 + 6) / (2 * 10.0), within(1e-9));
  }

  @Test
  void theFirstWorkloadsGetPoolsScaledByTheirShareOfTheWholeLoad() {
    // 4 GPUs in each region. Up to the last arrival at 8 h the whole offers 2 GPUs × 8 h + 2 × 4 h
    // on 8 GPUs: 37.5 %; the first two up to theirs at 4 h offer 2 × 4 h: 25 %. The pools shrink
    // to two thirds: 2.67 GPUs each, 5 in all, the first pool rounding up on the tie.
    Scenario whole =
        world(
            new int[] {4, 4},
            List.of(
                workload("a", "r1", 2, T0, Duration.ofHours(8)),
                workload("b", "r2", 2, T0.plus(Duration.ofHours(4)), Duration.ofHours(4)),
                workload("c", "r1", 1, T0.plus(Duration.ofHours(8)), Duration.ofHours(1))));

    Scenario kept = PoolScaling.firstWorkloads(whole, 2);

    assertThat(whole.offeredLoad()).isCloseTo(0.375, within(1e-9));
    assertThat(kept.workloads()).extracting(Workload::id).containsExactly("a", "b");
    assertThat(kept.capacities()).containsExactly(3, 2);
    assertThat(PoolScaling.firstWorkloads(whole, 3)).isSameAs(whole);
  }

  @Test
  void aQuickRunOnTheFirst500WorkloadsLoadsThePoolsAsTheWholeScenarioDoes() {
    Scenario whole = MainScenario.build(MainScenario.Options.defaults());
    Scenario quick = PoolScaling.firstWorkloads(whole, 500);

    double wholeUtilisation = runNowUtilisation(whole);
    double quickUtilisation = runNowUtilisation(quick);

    System.out.printf(
        Locale.ROOT,
        "run now uses %.1f%% of %d GPUs on the whole scenario, %.1f%% of %d on the first 500%n",
        100 * wholeUtilisation,
        Arrays.stream(whole.capacities()).sum(),
        100 * quickUtilisation,
        Arrays.stream(quick.capacities()).sum());
    assertThat(quickUtilisation).isCloseTo(wholeUtilisation, within(0.04));
  }

  private static double runNowUtilisation(Scenario scenario) {
    return Comparison.run(scenario, List.of("B0"), ProgressListener.NONE).baseline().utilisation();
  }

  private static Workload workload(
      String id, String home, int gpus, Instant arrival, Duration duration) {
    return Workload.builder(id)
        .gpus(gpus)
        .duration(duration)
        .earliestStart(arrival)
        .deadline(arrival.plus(duration).plus(Duration.ofDays(1)))
        .regions(List.of(home))
        .home(home)
        .build();
  }

  private static Scenario world(int[] gpus, List<Workload> workloads) {
    return SmallWorld.named("scaling")
        .regions(new Region("r1", "Z", 1.0), new Region("r2", "Z", 1.0))
        .capacities(gpus)
        .intensity(flat("Z", 300))
        .workloads(workloads)
        .build();
  }
}
