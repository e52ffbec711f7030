package io.carbonq.scheduler.planning;

import static io.carbonq.scheduler.TestData.POWER;
import static io.carbonq.scheduler.TestData.R1;
import static io.carbonq.scheduler.TestData.R2;
import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.aWorkload;
import static io.carbonq.scheduler.TestData.anInput;
import static io.carbonq.scheduler.TestData.flatFor48Hours;
import static io.carbonq.scheduler.TestData.hourly;
import static io.carbonq.scheduler.TestData.hours;
import static io.carbonq.scheduler.TestData.interruptible;
import static io.carbonq.scheduler.TestData.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.scheduler.RandomWorkloads;
import io.carbonq.scheduler.TestData.InputBuilder;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Interruptible workloads split over the cleanest slots, and running work replanned. */
class PlannerSplitTest {
  private static final Duration OVERHEAD = Duration.ofMinutes(6);
  private static final Interruptions SPLIT = Interruptions.split(OVERHEAD, Map.of(), Map.of());

  /** Clean 00–02 and 06–08, dirty in between and after. */
  private static final double[] TWO_VALLEYS = {100, 100, 500, 500, 500, 500, 100, 100, 500, 500};

  /** The decision for a workload planned alone on the default pool. */
  private static Placed alone(Workload job, double[] hourly, Interruptions interruptions) {
    return alone(job, anInput().forecast(hourly("Z1", T0, hourly)).interruptions(interruptions));
  }

  private static Placed alone(Workload job, InputBuilder input) {
    return (Placed) Planner.plan(input.workloads(job).build()).decisionFor(job.id()).orElseThrow();
  }

  private static Workload.Builder fourHours(String id) {
    return aWorkload(id).duration(Duration.ofHours(4)).earliestStart(T0).deadline(hours(10));
  }

  @Test
  void anInterruptibleWorkloadRunsInTheCleanSlotsPayingOneOverheadPerResume() {
    Workload job = fourHours("job").interruptible(true).build();

    Plan plan =
        Planner.plan(
            anInput()
                .workloads(job)
                .forecast(hourly("Z1", T0, TWO_VALLEYS))
                .interruptions(SPLIT)
                .build());

    Placed placed = (Placed) plan.decisionFor("job").orElseThrow();
    assertThat(placed.segments())
        .containsExactly(new Segment(T0, hours(2).plus(OVERHEAD)), new Segment(hours(6), hours(8)));
    // 4 h and 6 min at 0.4 kW: 4 h at 100 g/kWh, the 6 minutes of the resume at 500 (the earlier
    // of two equally dear hours).
    assertThat(placed.energyKwh()).isCloseTo(0.4 * 4.1, within(1e-9));
    assertThat(placed.expectedKgCo2e().getAsDouble())
        .isCloseTo(0.4 * (4 * 100 + 0.1 * 500) / 1000, within(1e-9));
    assertThat(placed.why()).contains("in 2 pieces");
  }

  @Test
  void aWorkloadThatMayNotPauseRunsInOneWindow() {
    Workload job = fourHours("job").interruptible(false).build();

    Placed placed = alone(job, TWO_VALLEYS, SPLIT);

    assertThat(placed.segments()).hasSize(1);
    assertThat(placed.end()).isEqualTo(placed.start().plus(job.duration()));
  }

  @Test
  void withoutInterruptionsEvenAnInterruptibleWorkloadRunsInOneWindow() {
    Workload job = fourHours("job").interruptible(true).build();

    Placed placed = alone(job, TWO_VALLEYS, Interruptions.NONE);

    assertThat(placed.split()).isFalse();
  }

  @Test
  void aSplitThatSavesTooLittleIsNotWorthItsPauses() {
    // Almost flat: a split would save under one per cent.
    double[] flat = {200, 200, 201, 201, 201, 201, 200, 200, 201, 201};
    Workload job = fourHours("job").interruptible(true).build();

    Placed placed = alone(job, flat, SPLIT);

    assertThat(placed.segments()).hasSize(1);
  }

  @Test
  void aSplitMustSaveMoreThanTheForecastsNoiseOnItsSaving() {
    // Against the best single window (300 g/kWh on average), the two valleys save 187.5 g/kWh of
    // work: 4 h at 100 and the 6-minute resume at 500, over the 4 hours. The saving is a difference
    // of two means over the run's 8 slots: a revision of r per slot is noise of r * sqrt(2 / 8).
    Workload job = fourHours("job").interruptible(true).build();

    assertThat(splitWith(job, "Z1", 300).segments()).hasSize(2);
    assertThat(splitWith(job, "Z1", 400).segments()).hasSize(1);
    // Another zone's revisions do not count.
    assertThat(splitWith(job, "Z2", 400).segments()).hasSize(2);
  }

  private static Placed splitWith(Workload job, String zone, double revision) {
    return alone(
        job,
        anInput()
            .forecast(hourly("Z1", T0, TWO_VALLEYS))
            .interruptions(SPLIT)
            .forecastRevision(zone, revision));
  }

  @Test
  void aRunningWorkloadGoesOnWithoutAResumeWhenNowIsClean() {
    Workload job = fourHours("job").interruptible(true).build();
    Interruptions running = Interruptions.split(OVERHEAD, Map.of("job", "p1"), Map.of());

    Placed placed = alone(job, TWO_VALLEYS, running);

    // Going on now is no resume, so only the second piece pays one.
    assertThat(placed.segments())
        .containsExactly(new Segment(T0, hours(2).plus(OVERHEAD)), new Segment(hours(6), hours(8)));
  }

  /** Two interruptible hours, by 10:00, in r1 or r2. */
  private static Workload twoHoursInEitherRegion() {
    return aWorkload("job")
        .duration(Duration.ofHours(2))
        .earliestStart(T0)
        .deadline(hours(10))
        .regions(List.of("r1", "r2"))
        .interruptible(true)
        .build();
  }

  @Test
  void aRunningWorkloadPausesForCleanerHoursAndResumesWhereItRuns() {
    Workload job = twoHoursInEitherRegion();
    Interruptions running = Interruptions.split(OVERHEAD, Map.of("job", "p1"), Map.of());
    double[] dirtyNow = {500, 500, 500, 500, 500, 500, 100, 100, 100, 500};

    Placed placed =
        (Placed)
            Planner.plan(
                    anInput()
                        .pools(pool("p1", R1, "A100", 8), pool("p2", R2, "A100", 8))
                        .workloads(job)
                        .forecast(hourly("Z1", T0, dirtyNow))
                        .forecast(
                            hourly("Z2", T0, new double[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}))
                        .interruptions(running)
                        .build())
                .decisionFor("job")
                .orElseThrow();

    // Not in the cleaner r2: the run's state is in p1.
    assertThat(placed.pool().name()).isEqualTo("p1");
    assertThat(placed.runsAt(T0)).isFalse();
    assertThat(placed.segments()).containsExactly(new Segment(hours(6), hours(8).plus(OVERHEAD)));
  }

  @Test
  void aPausedWorkloadResumesOnlyWhereItPaused() {
    Workload job = twoHoursInEitherRegion();
    Interruptions paused =
        Interruptions.split(
            OVERHEAD, Map.of(), Map.of("job", "p1"), Map.of("job", Duration.ofHours(1)));
    List<NodePool> pools = List.of(pool("p1", R1, "A100", 8), pool("p2", R2, "A100", 8));
    double[] z2Clean = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pools.toArray(NodePool[]::new))
                .workloads(job)
                .forecast(hourly("Z1", T0, TWO_VALLEYS))
                .forecast(hourly("Z2", T0, z2Clean))
                .interruptions(paused)
                .build());

    Placed placed = (Placed) plan.decisionFor("job").orElseThrow();
    assertThat(placed.pool().name()).isEqualTo("p1");
    assertThat(placed.segments()).containsExactly(new Segment(T0, hours(2)));
    assertThatThrownBy(
            () ->
                Planner.plan(
                    anInput()
                        .workloads(job)
                        .interruptions(
                            Interruptions.split(
                                OVERHEAD, Map.of(), Map.of("job", "gone"), Map.of()))
                        .build()))
        .hasMessage("workload job is paused on unknown pool gone");
  }

  @Test
  void urgentWorkTakesTheGpusOfRunningInterruptibleWork() {
    Workload running = fourHours("running").gpus(8).interruptible(true).build();
    Workload urgent =
        aWorkload("urgent")
            .gpus(4)
            .duration(Duration.ofHours(1))
            .earliestStart(T0)
            .deadline(hours(1))
            .build();
    Interruptions interruptions = Interruptions.split(OVERHEAD, Map.of("running", "p1"), Map.of());

    Plan plan =
        Planner.plan(
            anInput()
                .workloads(running, urgent)
                .forecast(hourly("Z1", T0, TWO_VALLEYS))
                .interruptions(interruptions)
                .build());

    Placed placedUrgent = (Placed) plan.decisionFor("urgent").orElseThrow();
    Placed placedRunning = (Placed) plan.decisionFor("running").orElseThrow();
    assertThat(placedUrgent.start()).isEqualTo(T0);
    assertThat(placedRunning.runsAt(T0)).isFalse();
    assertThat(placedRunning.meetsDeadline()).isTrue();
  }

  @Test
  void progressKeepsAStartedWorkloadAheadOfAPeerWithTheSameDeadline() {
    // Both need the one GPU over the clean first hours; the started one has less left, so more
    // slack, but counting its done work it came first and keeps going.
    Workload started =
        aWorkload("b-started")
            .duration(Duration.ofHours(1))
            .earliestStart(T0)
            .deadline(hours(6))
            .interruptible(true)
            .build();
    Workload peer =
        aWorkload("a-peer")
            .duration(Duration.ofHours(2))
            .earliestStart(T0)
            .deadline(hours(6))
            .interruptible(true)
            .build();
    Interruptions interruptions =
        Interruptions.split(
            OVERHEAD, Map.of("b-started", "one"), Map.of("b-started", Duration.ofHours(2)));
    double[] falling = {100, 200, 300, 400, 500, 600};

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pool("one", R1, "A100", 1))
                .workloads(peer, started)
                .forecast(hourly("Z1", T0, falling))
                .interruptions(interruptions)
                .build());

    assertThat(((Placed) plan.decisionFor("b-started").orElseThrow()).runsAt(T0)).isTrue();
    assertThat(plan.decisions().get(0).workload().id()).isEqualTo("b-started");
  }

  @Test
  void workThatMustStartNowGoesBeforeLateWorkAndTakesTheGpusOfWorkThatCanPause() {
    // One GPU. A late job that cannot pause, a flexible running job that can, and a job that must
    // start now or miss: the last gets the GPU now, the late job next, the running one pauses.
    Workload mustStart =
        aWorkload("z-must")
            .duration(Duration.ofHours(1))
            .earliestStart(T0)
            .deadline(hours(1))
            .build();
    Workload late =
        aWorkload("a-late")
            .duration(Duration.ofHours(1))
            .earliestStart(hours(-3))
            .deadline(hours(-1))
            .build();
    Workload running = fourHours("m-running").interruptible(true).build();
    Interruptions interruptions =
        Interruptions.split(OVERHEAD, Map.of("m-running", "one"), Map.of());

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pool("one", R1, "A100", 1))
                .workloads(late, running, mustStart)
                .forecast(hourly("Z1", T0, TWO_VALLEYS))
                .interruptions(interruptions)
                .build());

    assertThat(plan.decisions().stream().map(d -> d.workload().id()))
        .containsExactly("z-must", "a-late", "m-running");
    assertThat(((Placed) plan.decisionFor("z-must").orElseThrow()).start()).isEqualTo(T0);
    assertThat(((Placed) plan.decisionFor("m-running").orElseThrow()).runsAt(T0)).isFalse();
  }

  @Test
  void runningWorkWithLessSlackThanAPauseCostsIsNotPausedForAPeerFurtherAlong() {
    // One GPU. The paused peer has done 5 of its 6 hours, so it comes first among work with
    // slack; but the running job has 10 minutes of slack, less than a pause and a step cost.
    Workload running =
        aWorkload("running")
            .duration(Duration.ofHours(1))
            .earliestStart(T0)
            .deadline(hours(1).plus(Duration.ofMinutes(10)))
            .interruptible(true)
            .build();
    Workload paused =
        aWorkload("paused")
            .duration(Duration.ofHours(1))
            .earliestStart(T0)
            .deadline(hours(4))
            .interruptible(true)
            .build();
    Interruptions interruptions =
        Interruptions.split(
            OVERHEAD, Map.of("running", "one"), Map.of("paused", Duration.ofHours(5)));

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pool("one", R1, "A100", 1))
                .workloads(paused, running)
                .forecast(hourly("Z1", T0, TWO_VALLEYS))
                .interruptions(interruptions)
                .build());

    Placed kept = (Placed) plan.decisionFor("running").orElseThrow();
    assertThat(kept.runsAt(T0)).isTrue();
    assertThat(kept.meetsDeadline()).isTrue();
    assertThat(((Placed) plan.decisionFor("paused").orElseThrow()).meetsDeadline()).isTrue();
  }

  @Test
  void aSplitLeavesAStepBeforeTheDeadline() {
    // Clean in the first hour and the last: the pieces may not use the last step (03:30–04:00).
    double[] cleanAtBothEnds = {100, 500, 500, 100};
    Workload job =
        aWorkload("job")
            .duration(Duration.ofMinutes(90))
            .earliestStart(T0)
            .deadline(hours(4))
            .interruptible(true)
            .build();

    Placed placed = alone(job, cleanAtBothEnds, SPLIT);

    assertThat(placed.segments())
        .containsExactly(
            new Segment(T0, hours(1).plus(OVERHEAD)), new Segment(hours(3), hours(3.5)));
  }

  @Test
  void lateInterruptibleWorkTakesTheEarliestFreePieces() {
    // One GPU, busy 01:00–03:00; the job is already past any on-time finish.
    Workload late =
        aWorkload("late")
            .duration(Duration.ofHours(3))
            .earliestStart(hours(-5))
            .deadline(hours(-1))
            .interruptible(true)
            .build();

    Placed placed =
        (Placed)
            Planner.plan(
                    anInput()
                        .pools(pool("one", R1, "A100", 1))
                        .committed(
                            new io.carbonq.scheduler.domain.Reservation(
                                "one", hours(1), hours(3), 1))
                        .workloads(late)
                        .forecast(hourly("Z1", T0, TWO_VALLEYS))
                        .interruptions(SPLIT)
                        .build())
                .decisionFor("late")
                .orElseThrow();

    assertThat(placed.basis()).isEqualTo(Basis.LATE);
    assertThat(placed.segments())
        .containsExactly(new Segment(T0, hours(1)), new Segment(hours(3), hours(5).plus(OVERHEAD)));
    // The expectation is that of the pieces: 1 h at 100 g/kWh, 2.1 h at 500, at 0.4 kW.
    assertThat(placed.expectedKgCo2e().getAsDouble())
        .isCloseTo(0.4 * (1 * 100 + 2.1 * 500) / 1000, within(1e-9));
  }

  @Test
  void workThatMustStartNowButMayRunElsewhereDoesNotPushOutRunningWorkWithNoSlack() {
    // One GPU in clean r1, one in dirty r2. The running job can only go on in r1, and has no
    // slack; the job that must start now may run in either region.
    Plan plan =
        runningWithNoSlackAndMustStart(
            List.of("r1", "r2"), pool("one", R1, "A100", 1), pool("two", R2, "A100", 1));

    Placed kept = (Placed) plan.decisionFor("a-running").orElseThrow();
    assertThat(kept.runsAt(T0)).isTrue();
    assertThat(kept.meetsDeadline()).isTrue();
    Placed elsewhere = (Placed) plan.decisionFor("z-must").orElseThrow();
    assertThat(elsewhere.pool().name()).isEqualTo("two");
    assertThat(elsewhere.start()).isEqualTo(T0);
  }

  @Test
  void workThatMustStartNowOnItsOnlyPoolStillTakesItFromRunningWork() {
    // One GPU: the job that must start now has no other pool, so the running one pauses and ends
    // late.
    Plan plan = runningWithNoSlackAndMustStart(List.of("r1"), pool("one", R1, "A100", 1));

    assertThat(((Placed) plan.decisionFor("z-must").orElseThrow()).start()).isEqualTo(T0);
    Placed paused = (Placed) plan.decisionFor("a-running").orElseThrow();
    assertThat(paused.runsAt(T0)).isFalse();
    assertThat(paused.meetsDeadline()).isFalse();
  }

  @Test
  void workThatMustStartNowWithAnotherPoolInItsRegionLeavesRunningWorkAlone() {
    // One region, two pools of one GPU: the pool count decides, not the region count.
    Plan plan =
        runningWithNoSlackAndMustStart(
            List.of("r1"), pool("one", R1, "A100", 1), pool("one-b", R1, "A100", 1));

    assertThat(((Placed) plan.decisionFor("a-running").orElseThrow()).meetsDeadline()).isTrue();
    Placed elsewhere = (Placed) plan.decisionFor("z-must").orElseThrow();
    assertThat(elsewhere.pool().name()).isEqualTo("one-b");
    assertThat(elsewhere.start()).isEqualTo(T0);
  }

  /**
   * "a-running", running on pool "one" with no slack, and "z-must", which cannot pause and must
   * start now in one of {@code regions}; r1 has two clean valleys, r2 is dirty throughout.
   */
  private static Plan runningWithNoSlackAndMustStart(List<String> regions, NodePool... pools) {
    Workload running = fourHours("a-running").interruptible(true).deadline(hours(4)).build();
    Workload mustStart =
        aWorkload("z-must")
            .duration(Duration.ofHours(1))
            .earliestStart(T0)
            .deadline(hours(1))
            .regions(regions)
            .build();
    return Planner.plan(
        anInput()
            .pools(pools)
            .workloads(mustStart, running)
            .forecast(hourly("Z1", T0, TWO_VALLEYS))
            .forecast(hourly("Z2", T0, flatFor48Hours(500)))
            .interruptions(Interruptions.split(OVERHEAD, Map.of("a-running", "one"), Map.of()))
            .build());
  }

  @Test
  void lateInterruptibleWorkWaitsAStepForACleanerRegionRatherThanEndMinutesSooner() {
    Workload late =
        aWorkload("late")
            .duration(Duration.ofHours(20))
            .earliestStart(hours(-30))
            .deadline(hours(-1))
            .regions(List.of("r2", "r1"))
            .interruptible(true)
            .build();

    // The clean pool is busy for the first step only: waiting ends the run 30 minutes later.
    Placed placed = lateAcrossTwoPools(late, hours(0.5));
    assertThat(placed.basis()).isEqualTo(Basis.LATE);
    assertThat(placed.pool().name()).isEqualTo("clean");
    assertThat(placed.start()).isEqualTo(hours(0.5));

    // Busy for two hours, more than a step (which is longer than 2 % of the run): the earliest end
    // wins.
    Placed sooner = lateAcrossTwoPools(late, hours(2));
    assertThat(sooner.pool().name()).isEqualTo("dirty");
    assertThat(sooner.start()).isEqualTo(T0);
  }

  /** One GPU at 100 g/kWh, busy until {@code cleanFreeAt}, and one free at 500. */
  private static Placed lateAcrossTwoPools(Workload late, Instant cleanFreeAt) {
    return (Placed)
        Planner.plan(
                anInput()
                    .pools(pool("clean", R1, "A100", 1), pool("dirty", R2, "A100", 1))
                    .committed(
                        new io.carbonq.scheduler.domain.Reservation("clean", T0, cleanFreeAt, 1))
                    .workloads(late)
                    .forecast(hourly("Z1", T0, flatFor48Hours(100)))
                    .forecast(hourly("Z2", T0, flatFor48Hours(500)))
                    .interruptions(SPLIT)
                    .build())
            .decisionFor("late")
            .orElseThrow();
  }

  @Test
  void aWorkloadRunningOnAnUnknownPoolIsRefused() {
    Workload job = fourHours("job").interruptible(true).build();

    assertThatThrownBy(
            () ->
                Planner.plan(
                    anInput()
                        .workloads(job)
                        .interruptions(
                            Interruptions.split(OVERHEAD, Map.of("job", "nope"), Map.of()))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown pool nope");
  }

  static Stream<Integer> seeds() {
    return IntStream.range(0, 200).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void splitPlansNeverOverbookAndHoldEachRunWithItsOverheads(int seed) {
    Random random = new Random(seed);
    List<NodePool> pools = PlannerPropertiesTest.randomPools(random);
    List<Workload> queue = new ArrayList<>();
    for (Workload w :
        new RandomWorkloads(
                random.nextLong(),
                List.of("r1", "r2"),
                Duration.ofHours(10),
                Duration.ofHours(12),
                2)
            .next(10 + random.nextInt(50))) {
      queue.add(random.nextBoolean() ? interruptible(w) : w);
    }

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pools)
                .workloads(queue)
                .forecast(hourly("Z1", T0, PlannerPropertiesTest.randomHourly(random, 96)))
                .forecast(hourly("Z2", T0, PlannerPropertiesTest.randomHourly(random, 96)))
                .interruptions(SPLIT)
                .build());

    for (Placed placed : plan.placed()) {
      Workload job = placed.workload();
      List<Segment> segments = placed.segments();
      Duration total = segments.stream().map(Segment::length).reduce(Duration.ZERO, Duration::plus);
      assertThat(total)
          .as(placed.why())
          .isGreaterThanOrEqualTo(job.duration().plus(OVERHEAD.multipliedBy(segments.size() - 1)));
      assertThat(placed.energyKwh())
          .isCloseTo(POWER.energyKwh(placed.pool().gpuModel(), job.gpus(), total), within(1e-9));
      for (int i = 1; i < segments.size(); i++) {
        assertThat(segments.get(i).start()).isAfter(segments.get(i - 1).end());
      }
      assertThat(placed.start()).isAfterOrEqualTo(job.earliestStart());
      if (!job.interruptible()) {
        assertThat(segments).hasSize(1);
      }
      if (placed.basis() != Basis.LATE) {
        assertThat(placed.meetsDeadline()).as(placed.why()).isTrue();
      }
    }
    // Check every 15 minutes over the horizon: GPUs per pool and trials per sweep.
    for (Instant t = T0; t.isBefore(T0.plus(Duration.ofDays(2))); t = t.plusSeconds(900)) {
      Instant time = t;
      for (NodePool pool : pools) {
        int inUse =
            plan.placed().stream()
                .filter(p -> p.pool().name().equals(pool.name()) && p.runsAt(time))
                .mapToInt(p -> p.workload().gpus())
                .sum();
        assertThat(inUse).as("%s at %s", pool.name(), time).isLessThanOrEqualTo(pool.gpus());
      }
      plan.placed().stream()
          .filter(p -> p.runsAt(time))
          .flatMap(p -> p.workload().sweep().stream())
          .distinct()
          .forEach(
              sweep ->
                  assertThat(
                          plan.placed().stream()
                              .filter(p -> p.runsAt(time))
                              .filter(
                                  p -> p.workload().sweep().equals(java.util.Optional.of(sweep)))
                              .count())
                      .isLessThanOrEqualTo(sweep.maxParallel()));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aLoneWorkloadNeverEmitsMoreSplitThanWhole(int seed) {
    Random random = new Random(seed);
    Workload job =
        interruptible(
            new RandomWorkloads(
                    random.nextLong(), List.of("r1"), Duration.ofHours(10), Duration.ofHours(6), 0)
                .next("job"));
    var series = hourly("Z1", T0, PlannerPropertiesTest.randomHourly(random, 96));

    Placed whole =
        (Placed) Planner.plan(anInput().workloads(job).forecast(series).build()).placed().get(0);
    Placed split =
        (Placed)
            Planner.plan(anInput().workloads(job).forecast(series).interruptions(SPLIT).build())
                .placed()
                .get(0);

    assertThat(split.expectedKgCo2e().getAsDouble())
        .isLessThanOrEqualTo(whole.expectedKgCo2e().getAsDouble() + 1e-12);
  }
}
