package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the baselines put work on the GPUs, on small worlds where the right move is plain: B6 goes
 * where there is room, and every baseline but B0 starts the least slack first and pauses work that
 * can wait for work that cannot, as carbonq does.
 */
class BaselineDispatchTest {
  private static final Instant T0 = Instant.parse("2023-05-01T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final Region CLEAN = new Region("clean", "Z1", 1.0);
  private static final Region DIRTY = new Region("dirty", "Z2", 1.0);

  private static IntensitySeries hourly(String zone, IntToDoubleFunction gramsPerKwhAtHour) {
    double[] values = new double[24 * 10];
    Arrays.setAll(values, gramsPerKwhAtHour::applyAsDouble);
    return new IntensitySeries(
        zone, T0, Duration.ofHours(1), values, SignalKind.AVERAGE, DataKind.ACTUAL, "test");
  }

  /** "clean" at 100 g/kWh and "dirty" at 400 g/kWh, both flat. */
  private static Scenario world(List<Region> regions, int[] gpus, List<Workload> workloads) {
    return world(
        regions,
        gpus,
        workloads,
        Map.of("Z1", hourly("Z1", h -> 100), "Z2", hourly("Z2", h -> 400)));
  }

  private static Scenario world(
      List<Region> regions,
      int[] gpus,
      List<Workload> workloads,
      Map<String, IntensitySeries> actual) {
    return new Scenario(
        "dispatch",
        regions,
        gpus,
        actual,
        workloads,
        100,
        T0,
        STEP,
        Duration.ofMinutes(5),
        ForecastMode.PERFECT,
        1);
  }

  private static SimulationResult simulate(Scenario scenario, String policy) {
    return new Simulator(scenario, Duration.ofDays(2)).run(Policies.byId(policy).get());
  }

  private static JobRun run(SimulationResult result, String id) {
    return result.runs().stream()
        .filter(r -> r.workload().id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static String regionOf(Scenario scenario, JobRun run) {
    return scenario.regions().get(run.region()).name();
  }

  /** One GPU in {@code region} from {@code arrival} for {@code duration}, with no slack. */
  private static Workload filler(String id, Region region, Instant arrival, Duration duration) {
    return Workload.builder(id)
        .duration(duration)
        .earliestStart(arrival)
        .deadline(arrival.plus(duration))
        .regions(List.of(region.name()))
        .home(region.name())
        .build();
  }

  private static Workload.Builder movable(String id, Instant arrival, Duration duration) {
    return Workload.builder(id)
        .duration(duration)
        .earliestStart(arrival)
        .regions(List.of(CLEAN.name(), DIRTY.name()))
        .home(CLEAN.name());
  }

  /** Two GPUs, interruptible, four hours with a day to do them in, in {@code region} only. */
  private static Workload trainer(String id, Region region) {
    return Workload.builder(id)
        .gpus(2)
        .duration(Duration.ofHours(4))
        .earliestStart(T0)
        .deadline(T0.plus(Duration.ofDays(1)))
        .regions(List.of(region.name()))
        .home(region.name())
        .interruptible(true)
        .build();
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
        world(
            List.of(CLEAN, DIRTY),
            new int[] {1, 2},
            List.of(filler("filler", CLEAN, T0, Duration.ofHours(6)), flexible));

    SimulationResult result = simulate(scenario, "B6");

    assertThat(regionOf(scenario, run(result, "flexible"))).isEqualTo("dirty");
    assertThat(run(result, "flexible").firstStart()).isEqualTo(arrival);
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
        world(
            List.of(CLEAN, DIRTY),
            new int[] {1, 1},
            List.of(
                filler("clean-filler", CLEAN, T0, Duration.ofHours(6)),
                filler("dirty-filler", DIRTY, T0, Duration.ofHours(2)),
                flexible));

    SimulationResult result = simulate(scenario, "B6");

    assertThat(regionOf(scenario, run(result, "flexible"))).isEqualTo("dirty");
    assertThat(run(result, "flexible").firstStart()).isEqualTo(T0.plus(Duration.ofHours(2)));
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
        world(
            List.of(CLEAN, DIRTY),
            new int[] {1, 2},
            List.of(
                trainer("trainer", DIRTY),
                filler("filler", CLEAN, T0, Duration.ofHours(6)),
                urgent));

    SimulationResult result = simulate(scenario, "B6");

    assertThat(regionOf(scenario, run(result, "urgent"))).isEqualTo("dirty");
    assertThat(run(result, "urgent").firstStart()).isEqualTo(arrival);
    assertThat(run(result, "trainer").resumes()).isEqualTo(1);
    assertThat(result.deadlineMisses()).isZero();
  }

  /**
   * One GPU, held until 01:00. A workload with a day of slack arrives at 00:00, one that must start
   * by 01:00 at 00:30.
   */
  private static Scenario looseThenTight() {
    Instant tightArrival = T0.plus(Duration.ofMinutes(30));
    Workload loose =
        Workload.builder("loose")
            .duration(Duration.ofHours(1))
            .earliestStart(T0)
            .deadline(T0.plus(Duration.ofDays(1)))
            .regions(List.of(CLEAN.name()))
            .home(CLEAN.name())
            .build();
    Workload tight =
        Workload.builder("tight")
            .duration(Duration.ofHours(1))
            .earliestStart(tightArrival)
            .deadline(T0.plus(Duration.ofHours(2)))
            .regions(List.of(CLEAN.name()))
            .home(CLEAN.name())
            .build();
    return world(
        List.of(CLEAN),
        new int[] {1},
        List.of(filler("filler", CLEAN, T0, Duration.ofHours(1)), loose, tight));
  }

  @ParameterizedTest
  @ValueSource(strings = {"B1-p30", "B1-p50", "B2", "B3", "B4", "B5", "B6"})
  void startsTheWorkloadWithTheLeastSlackFirstWhateverItsArrival(String policy) {
    SimulationResult result = simulate(looseThenTight(), policy);

    assertThat(run(result, "tight").firstStart()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(run(result, "loose").firstStart()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(result.deadlineMisses()).isZero();
  }

  @Test
  void runningNowStaysFirstInFirstOut() {
    SimulationResult result = simulate(looseThenTight(), "B0");

    assertThat(run(result, "loose").firstStart()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(run(result, "tight").firstStart()).isEqualTo(T0.plus(Duration.ofHours(2)));
  }

  /** Two GPUs, both held by an interruptible trainer; at 01:00 a pod that must start needs one. */
  private static Scenario trainerThenPod(int podGpus, Workload... others) {
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload pod =
        Workload.builder("pod")
            .gpus(podGpus)
            .duration(Duration.ofMinutes(30))
            .earliestStart(arrival)
            .deadline(arrival.plus(Duration.ofMinutes(30)))
            .regions(List.of(CLEAN.name()))
            .home(CLEAN.name())
            .build();
    List<Workload> workloads = new ArrayList<>(List.of(trainer("trainer", CLEAN), pod));
    workloads.addAll(List.of(others));
    return world(List.of(CLEAN), new int[] {2 + others.length}, workloads);
  }

  @ParameterizedTest
  @ValueSource(strings = {"B1-p50", "B2", "B3", "B4", "B6"})
  void workThatMustStartNowPausesInterruptibleWorkWithSlackToSpare(String policy) {
    SimulationResult result = simulate(trainerThenPod(1), policy);

    assertThat(run(result, "pod").firstStart()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(run(result, "trainer").resumes()).isPositive();
    assertThat(result.deadlineMisses()).isZero();
  }

  @Test
  void pausesNothingWhenPausingEveryPausableRunWouldNotMakeRoom() {
    // Three GPUs: the trainer holds two, a run that cannot pause the third; the pod needs all
    // three, so pausing the trainer would not let it start.
    Workload blocker = filler("blocker", CLEAN, T0, Duration.ofHours(4));

    SimulationResult result = simulate(trainerThenPod(3, blocker), "B2");

    assertThat(run(result, "trainer").resumes()).isZero();
    assertThat(run(result, "pod").firstStart()).isAfter(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void doesNotPauseWorkThatWouldThenMissItsDeadline() {
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload tightTrainer =
        Workload.builder("trainer")
            .gpus(2)
            .duration(Duration.ofHours(4))
            .earliestStart(T0)
            .deadline(T0.plus(Duration.ofHours(4)))
            .regions(List.of(CLEAN.name()))
            .home(CLEAN.name())
            .interruptible(true)
            .build();
    Workload pod = filler("pod", CLEAN, arrival, Duration.ofMinutes(30));
    Scenario scenario = world(List.of(CLEAN), new int[] {2}, List.of(tightTrainer, pod));

    SimulationResult result = simulate(scenario, "B2");

    assertThat(run(result, "trainer").resumes()).isZero();
    assertThat(run(result, "trainer").end()).isEqualTo(tightTrainer.deadline());
    assertThat(run(result, "pod").firstStart()).isEqualTo(T0.plus(Duration.ofHours(4)));
  }

  @Test
  void pausedWorkResumesLeastSlackFirst() {
    // Two one-GPU interruptible runs fill two GPUs from 00:00: "a" has a day, "b" six hours. A pod
    // needing both GPUs pauses both at 01:00 for an hour; at 02:00 a run that cannot pause takes
    // one GPU for ten hours, so only one of them can resume: "b", or it would miss.
    Workload a = oneGpuTrainer("a", T0.plus(Duration.ofDays(1)));
    Workload b = oneGpuTrainer("b", T0.plus(Duration.ofHours(6)));
    Instant podArrival = T0.plus(Duration.ofHours(1));
    Workload pod =
        Workload.builder("pod")
            .gpus(2)
            .duration(Duration.ofHours(1))
            .earliestStart(podArrival)
            .deadline(podArrival.plus(Duration.ofHours(1)))
            .regions(List.of(CLEAN.name()))
            .home(CLEAN.name())
            .build();
    Workload blocker = filler("blocker", CLEAN, T0.plus(Duration.ofHours(2)), Duration.ofHours(10));
    Scenario scenario = world(List.of(CLEAN), new int[] {2}, List.of(a, b, pod, blocker));

    SimulationResult result = simulate(scenario, "B2");

    assertThat(run(result, "a").resumes()).isEqualTo(1);
    assertThat(run(result, "b").resumes()).isEqualTo(1);
    assertThat(run(result, "a").end()).isAfter(run(result, "b").end());
    assertThat(result.deadlineMisses()).isZero();
  }

  private static Workload oneGpuTrainer(String id, Instant deadline) {
    return Workload.builder(id)
        .duration(Duration.ofHours(4))
        .earliestStart(T0)
        .deadline(deadline)
        .regions(List.of(CLEAN.name()))
        .home(CLEAN.name())
        .interruptible(true)
        .build();
  }

  @Test
  void thresholdStartsInTheLastStepThatStillMeetsTheDeadline() {
    // The intensity rises every hour, so after the first hour it is never at or under the trailing
    // day's percentile. The workload's latest start, 02:32, falls inside the step from 02:30.
    Instant arrival = T0.plus(Duration.ofMinutes(90));
    Workload late =
        Workload.builder("late")
            .duration(Duration.ofHours(1))
            .earliestStart(arrival)
            .deadline(T0.plus(Duration.ofMinutes(212)))
            .regions(List.of(CLEAN.name()))
            .home(CLEAN.name())
            .build();
    Scenario scenario =
        world(
            List.of(CLEAN), new int[] {1}, List.of(late), Map.of("Z1", hourly("Z1", h -> 100 + h)));

    SimulationResult result = simulate(scenario, "B1-p30");

    assertThat(run(result, "late").firstStart()).isEqualTo(T0.plus(Duration.ofMinutes(150)));
    assertThat(result.deadlineMisses()).isZero();
  }
}
