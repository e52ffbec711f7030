package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aTrainer;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.flat;
import static io.carbonq.scheduler.simulation.SmallWorld.hourly;
import static io.carbonq.scheduler.simulation.SmallWorld.runOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the baselines put work on the GPUs, on small worlds where the right move is plain: B6 goes
 * where there is room, and every baseline but B0 starts the least slack first and pauses work that
 * can wait for work that cannot, as carbonq does.
 */
class BaselineDispatchTest {
  private static final Region CLEAN = new Region("clean", "Z1", 1.0);
  private static final Region DIRTY = new Region("dirty", "Z2", 1.0);

  /** "clean" at 100 g/kWh and "dirty" at 400 g/kWh, both flat. */
  private static SmallWorld world(Region... regions) {
    return SmallWorld.named("dispatch")
        .regions(regions)
        .intensity(flat("Z1", 100), flat("Z2", 400));
  }

  private static SimulationResult simulate(Scenario scenario, String policy) {
    return new Simulator(scenario, Duration.ofDays(2)).run(Policies.byId(policy).get());
  }

  private static String regionOf(Scenario scenario, JobRun run) {
    return scenario.regions().get(run.region()).name();
  }

  /** One GPU from {@code arrival} for {@code duration}, in "clean" (its home) or "dirty". */
  private static Workload.Builder movable(String id, Instant arrival, Duration duration) {
    return aWorkload(id, CLEAN, arrival, duration).regions(List.of(CLEAN.name(), DIRTY.name()));
  }

  @Test
  void greenestRegionThenBestWindowGoesWhereThereIsRoomNotToTheCleanestFullRegion() {
    // "clean" has one GPU, held for six hours; "dirty" has two, free. A workload that may run in
    // either arrives at 01:00 and has four hours to do two in.
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload flexible =
        movable("flexible", arrival, Duration.ofHours(2))
            .deadline(arrival.plus(Duration.ofHours(4)))
            .build();
    Scenario scenario =
        world(CLEAN, DIRTY)
            .capacities(1, 2)
            .workloads(aWorkload("filler", CLEAN, T0, Duration.ofHours(6)).build(), flexible)
            .build();

    SimulationResult result = simulate(scenario, "B6");

    assertThat(regionOf(scenario, runOf(result, "flexible"))).isEqualTo("dirty");
    assertThat(runOf(result, "flexible").firstStart()).isEqualTo(arrival);
    assertThat(result.deadlineMisses()).isZero();
  }

  @Test
  void greenestRegionThenBestWindowWaitsForTheFirstRegionWithRoomWhenEveryOneIsFull() {
    // Both regions are full when the workload arrives at 01:00: "dirty" frees at 02:00, "clean"
    // only at 06:00.
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload flexible =
        movable("flexible", arrival, Duration.ofHours(2))
            .deadline(arrival.plus(Duration.ofHours(5)))
            .build();
    Scenario scenario =
        world(CLEAN, DIRTY)
            .capacities(1, 1)
            .workloads(
                aWorkload("clean-filler", CLEAN, T0, Duration.ofHours(6)).build(),
                aWorkload("dirty-filler", DIRTY, T0, Duration.ofHours(2)).build(),
                flexible)
            .build();

    SimulationResult result = simulate(scenario, "B6");

    assertThat(regionOf(scenario, runOf(result, "flexible"))).isEqualTo("dirty");
    assertThat(runOf(result, "flexible").firstStart()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(result.deadlineMisses()).isZero();
  }

  @Test
  void greenestRegionThenBestWindowStartsAtHomeWhenItsSlackRunsOutWithNoRegionFree() {
    // "dirty", its home, is held by an interruptible trainer with a day to spare, "clean" by work
    // that cannot pause; the workload must start on arrival.
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload urgent =
        movable("urgent", arrival, Duration.ofMinutes(30))
            .deadline(arrival.plus(Duration.ofMinutes(30)))
            .home(DIRTY.name())
            .build();
    Scenario scenario =
        world(CLEAN, DIRTY)
            .capacities(1, 2)
            .workloads(
                aTrainer("trainer", DIRTY).build(),
                aWorkload("filler", CLEAN, T0, Duration.ofHours(6)).build(),
                urgent)
            .build();

    SimulationResult result = simulate(scenario, "B6");

    assertThat(regionOf(scenario, runOf(result, "urgent"))).isEqualTo("dirty");
    assertThat(runOf(result, "urgent").firstStart()).isEqualTo(arrival);
    assertThat(runOf(result, "trainer").resumes()).isEqualTo(1);
    assertThat(result.deadlineMisses()).isZero();
  }

  /**
   * One GPU, held until 01:00. A workload with a day of slack arrives at 00:00, one that must start
   * by 01:00 at 00:30.
   */
  private static Scenario looseThenTight() {
    Instant tightArrival = T0.plus(Duration.ofMinutes(30));
    Workload loose =
        aWorkload("loose", CLEAN, T0, Duration.ofHours(1))
            .deadline(T0.plus(Duration.ofDays(1)))
            .build();
    Workload tight =
        aWorkload("tight", CLEAN, tightArrival, Duration.ofHours(1))
            .deadline(T0.plus(Duration.ofHours(2)))
            .build();
    return world(CLEAN)
        .capacities(1)
        .workloads(aWorkload("filler", CLEAN, T0, Duration.ofHours(1)).build(), loose, tight)
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"B1-p30", "B1-p50", "B2", "B3", "B4", "B5", "B6"})
  void startsTheWorkloadWithTheLeastSlackFirstWhateverItsArrival(String policy) {
    SimulationResult result = simulate(looseThenTight(), policy);

    assertThat(runOf(result, "tight").firstStart()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(runOf(result, "loose").firstStart()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(result.deadlineMisses()).isZero();
  }

  @Test
  void runningNowStaysFirstInFirstOut() {
    SimulationResult result = simulate(looseThenTight(), "B0");

    assertThat(runOf(result, "loose").firstStart()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(runOf(result, "tight").firstStart()).isEqualTo(T0.plus(Duration.ofHours(2)));
  }

  /** Two GPUs, both held by an interruptible trainer; at 01:00 a pod that must start needs one. */
  private static Scenario trainerThenPod(int podGpus, Workload... others) {
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload pod = aWorkload("pod", CLEAN, arrival, Duration.ofMinutes(30)).gpus(podGpus).build();
    List<Workload> workloads = new ArrayList<>(List.of(aTrainer("trainer", CLEAN).build(), pod));
    workloads.addAll(List.of(others));
    return world(CLEAN).capacities(2 + others.length).workloads(workloads).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"B1-p50", "B2", "B3", "B4", "B6"})
  void workThatMustStartNowPausesInterruptibleWorkWithSlackToSpare(String policy) {
    SimulationResult result = simulate(trainerThenPod(1), policy);

    assertThat(runOf(result, "pod").firstStart()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(runOf(result, "trainer").resumes()).isPositive();
    assertThat(result.deadlineMisses()).isZero();
  }

  @Test
  void pausesNothingWhenPausingEveryPausableRunWouldNotMakeRoom() {
    // Three GPUs: the trainer holds two, a run that cannot pause the third; the pod needs all
    // three, so pausing the trainer would not let it start.
    Workload blocker = aWorkload("blocker", CLEAN, T0, Duration.ofHours(4)).build();

    SimulationResult result = simulate(trainerThenPod(3, blocker), "B2");

    assertThat(runOf(result, "trainer").resumes()).isZero();
    assertThat(runOf(result, "pod").firstStart()).isAfter(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void doesNotPauseWorkThatWouldThenMissItsDeadline() {
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload tightTrainer =
        aTrainer("trainer", CLEAN).deadline(T0.plus(Duration.ofHours(4))).build();
    Workload pod = aWorkload("pod", CLEAN, arrival, Duration.ofMinutes(30)).build();
    Scenario scenario = world(CLEAN).capacities(2).workloads(tightTrainer, pod).build();

    SimulationResult result = simulate(scenario, "B2");

    assertThat(runOf(result, "trainer").resumes()).isZero();
    assertThat(runOf(result, "trainer").end()).isEqualTo(tightTrainer.deadline());
    assertThat(runOf(result, "pod").firstStart()).isEqualTo(T0.plus(Duration.ofHours(4)));
  }

  @Test
  void pausedWorkResumesLeastSlackFirst() {
    // Two one-GPU interruptible runs fill two GPUs from 00:00: "a" has a day, "b" six hours. A pod
    // needing both GPUs pauses both at 01:00 for an hour; at 02:00 a run that cannot pause takes
    // one GPU for ten hours, so only one of them can resume: "b", or it would miss.
    Workload a = aTrainer("a", CLEAN).gpus(1).deadline(T0.plus(Duration.ofDays(1))).build();
    Workload b = aTrainer("b", CLEAN).gpus(1).deadline(T0.plus(Duration.ofHours(6))).build();
    Instant podArrival = T0.plus(Duration.ofHours(1));
    Workload pod = aWorkload("pod", CLEAN, podArrival, Duration.ofHours(1)).gpus(2).build();
    Workload blocker =
        aWorkload("blocker", CLEAN, T0.plus(Duration.ofHours(2)), Duration.ofHours(10)).build();
    Scenario scenario = world(CLEAN).capacities(2).workloads(a, b, pod, blocker).build();

    SimulationResult result = simulate(scenario, "B2");

    assertThat(runOf(result, "a").resumes()).isEqualTo(1);
    assertThat(runOf(result, "b").resumes()).isEqualTo(1);
    assertThat(runOf(result, "a").end()).isAfter(runOf(result, "b").end());
    assertThat(result.deadlineMisses()).isZero();
  }

  @Test
  void thresholdStartsInTheLastStepThatStillMeetsTheDeadline() {
    // The intensity rises every hour, so after the first hour it is never at or under the trailing
    // day's percentile. The workload's latest start, 02:32, falls inside the step from 02:30.
    Instant arrival = T0.plus(Duration.ofMinutes(90));
    Workload late =
        aWorkload("late", CLEAN, arrival, Duration.ofHours(1))
            .deadline(T0.plus(Duration.ofMinutes(212)))
            .build();
    Scenario scenario =
        SmallWorld.named("dispatch")
            .regions(CLEAN)
            .capacities(1)
            .intensity(hourly("Z1", 24 * 10, hour -> 100 + hour))
            .workloads(late)
            .build();

    SimulationResult result = simulate(scenario, "B1-p30");

    assertThat(runOf(result, "late").firstStart()).isEqualTo(T0.plus(Duration.ofMinutes(150)));
    assertThat(result.deadlineMisses()).isZero();
  }
}
