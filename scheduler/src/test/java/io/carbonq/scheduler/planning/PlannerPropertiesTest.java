package io.carbonq.scheduler.planning;

import static io.carbonq.scheduler.TestData.R1;
import static io.carbonq.scheduler.TestData.R2;
import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.aWorkload;
import static io.carbonq.scheduler.TestData.anInput;
import static io.carbonq.scheduler.TestData.hourly;
import static io.carbonq.scheduler.TestData.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.RandomWorkloads;
import io.carbonq.scheduler.TestData;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants checked over many seeded random queues, independently of how the planner works. */
class PlannerPropertiesTest {
  static final Duration STEP = Duration.ofMinutes(30);

  static Stream<Integer> seeds() {
    return IntStream.range(0, 200).boxed();
  }

  /** Two pools in r1 (A100, V100) and one in r2 (A100), of 4 to 16 GPUs each. */
  static List<NodePool> randomPools(Random random) {
    return List.of(
        pool("a100-r1", R1, "A100", 4 + random.nextInt(13)),
        pool("v100-r1", R1, "V100", 4 + random.nextInt(13)),
        pool("a100-r2", R2, "A100", 4 + random.nextInt(13)));
  }

  static double[] randomHourly(Random random, int hours) {
    double[] values = new double[hours];
    for (int i = 0; i < hours; i++) {
      values[i] = 50 + random.nextDouble() * 450;
    }
    return values;
  }

  /**
   * The Carbon Aware SDK's method by brute force, on the raw series: every start from now and on
   * each step boundary, the time-weighted mean over the run, lowest wins, earliest on ties.
   */
  static Instant bruteForceBestStart(IntensitySeries series, Instant now, Workload job) {
    long step = STEP.getSeconds();
    Instant best = null;
    double bestMean = Double.MAX_VALUE;
    Instant start = now;
    while (!start.isAfter(job.latestStart())) {
      double mean = series.meanGramsPerKwh(start, start.plus(job.duration()));
      if (mean < bestMean - 1e-9 * bestMean) {
        bestMean = mean;
        best = start;
      }
      start = Instant.ofEpochSecond((start.getEpochSecond() / step + 1) * step);
    }
    return best;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aSingleWorkloadGetsTheWindowOfABruteForceRollingAverageSearch(int seed) {
    Random random = new Random(seed);
    Instant now = T0.plusSeconds(random.nextInt(4 * 3600));
    Duration duration = Duration.ofMinutes(30 + random.nextInt(12 * 60));
    Workload job =
        aWorkload("job")
            .earliestStart(now)
            .duration(duration)
            .deadline(now.plus(duration).plus(Duration.ofMinutes(random.nextInt(30 * 60))))
            .build();
    IntensitySeries series = hourly("Z1", T0, randomHourly(random, 72));

    Plan plan = Planner.plan(anInput().now(now).workloads(job).forecast(series).build());

    Placed placed = (Placed) plan.decisionFor("job").orElseThrow();
    Instant expected = bruteForceBestStart(series, now, job);
    assertThat(placed.start()).isEqualTo(expected);
    double expectedKg =
        0.4
            * series.meanGramsPerKwh(expected, expected.plus(duration))
            * duration.toSeconds()
            / 3600
            / 1000;
    assertThat(placed.expectedKgCo2e().getAsDouble()).isCloseTo(expectedKg, within(1e-9));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void neverOverbooksAPoolOrASweepAndKeepsEveryDeadlineItCan(int seed) {
    Random random = new Random(seed);
    List<NodePool> pools = randomPools(random);
    int count = 10 + random.nextInt(50);
    List<Workload> queue = randomQueue(random, count, true);

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pools)
                .workloads(queue)
                .forecast(hourly("Z1", T0, randomHourly(random, 96)))
                .forecast(hourly("Z2", T0, randomHourly(random, 96)))
                .build());

    assertThat(plan.decisions()).hasSize(count);
    for (Placed placed : plan.placed()) {
      Workload job = placed.workload();
      assertThat(placed.start()).isAfterOrEqualTo(job.earliestStart());
      assertThat(placed.end()).isEqualTo(placed.start().plus(job.duration()));
      assertThat(job.regions()).contains(placed.pool().region().name());
      assertThat(job.accepts(placed.pool().gpuModel())).isTrue();
      if (placed.basis() != Basis.LATE) {
        assertThat(placed.meetsDeadline()).as(placed.why()).isTrue();
      }
    }
    for (NodePool pool : pools) {
      for (Placed placed : plan.placed()) {
        int inUse = gpusInUse(plan, pool.name(), placed.start());
        assertThat(inUse)
            .as("%s at %s", pool.name(), placed.start())
            .isLessThanOrEqualTo(pool.gpus());
      }
    }
    for (Placed placed : plan.placed()) {
      placed
          .workload()
          .sweep()
          .ifPresent(
              sweep ->
                  assertThat(trialsRunning(plan, sweep, placed.start()))
                      .isLessThanOrEqualTo(sweep.maxParallel()));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void withRoomForEverythingNoDeadlineIsMissedAndNothingIsDeferred(int seed) {
    Random random = new Random(seed);
    List<Workload> queue = randomQueue(random, 20, false);
    List<NodePool> roomy =
        List.of(
            pool("a100-r1", R1, "A100", 20 * 8),
            pool("v100-r1", R1, "V100", 20 * 8),
            pool("a100-r2", R2, "A100", 20 * 8));

    Plan plan =
        Planner.plan(
            anInput()
                .pools(roomy)
                .workloads(queue)
                .forecast(hourly("Z1", T0, randomHourly(random, 96)))
                .build());

    assertThat(plan.deferred()).isEmpty();
    assertThat(plan.placed()).allSatisfy(p -> assertThat(p.meetsDeadline()).isTrue());
    assertThat(plan.placed())
        .filteredOn(p -> p.pool().region().name().equals("r2"))
        .allSatisfy(p -> assertThat(p.basis()).isEqualTo(Basis.FAIL_OPEN));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void isDeterministicWhateverTheOrderOfTheQueue(int seed) {
    Random random = new Random(seed);
    List<Workload> queue = randomQueue(random, 30, true);
    double[] z1 = randomHourly(random, 96);
    List<Workload> shuffled = new ArrayList<>(queue);
    Collections.shuffle(shuffled, new Random(seed + 1));

    Plan one = Planner.plan(anInput().workloads(queue).forecast(hourly("Z1", T0, z1)).build());
    Plan two = Planner.plan(anInput().workloads(shuffled).forecast(hourly("Z1", T0, z1)).build());

    assertThat(two.decisions()).isEqualTo(one.decisions());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void addingTheLastWorkloadsToPlanGivesWhatPlanningThemWithTheOthersGivesAndChangesNoPlan(
      int seed) {
    Random random = new Random(seed);
    List<NodePool> pools = randomPools(random);
    IntensitySeries z1 = hourly("Z1", T0, randomHourly(random, 96));
    IntensitySeries z2 = hourly("Z2", T0, randomHourly(random, 96));
    Interruptions interruptions =
        random.nextBoolean()
            ? Interruptions.split(Duration.ofMinutes(5), Map.of(), Map.of())
            : Interruptions.NONE;
    List<Workload> queue = new ArrayList<>();
    for (Workload workload : randomQueue(random, 10 + random.nextInt(50), true)) {
      queue.add(random.nextBoolean() ? TestData.interruptible(workload) : workload);
    }
    Function<List<Workload>, PlanningInput> input =
        workloads ->
            anInput()
                .pools(pools)
                .workloads(workloads)
                .forecast(z1)
                .forecast(z2)
                .interruptions(interruptions)
                .build();
    // The two planned last, so that the others are placed as if they were not there.
    List<Workload> ordered = queue.stream().sorted(Planner.urgency(input.apply(queue))).toList();
    Workload last = ordered.get(ordered.size() - 1);
    Workload secondLast = ordered.get(ordered.size() - 2);
    List<Workload> others = ordered.subList(0, ordered.size() - 2);
    Duration horizon = input.apply(others).horizon();

    Plan plan = Planner.plan(input.apply(others));
    List<Decision> decisionsBefore = List.copyOf(plan.decisions());
    int[][] freeBefore = freeGpus(plan, pools);
    Plan withSecondLast = Planner.add(plan, secondLast, horizon);
    Plan withBoth = Planner.add(withSecondLast, last, horizon);
    Plan withLast = Planner.add(plan, last, horizon);

    assertSamePlan(withBoth, Planner.plan(input.apply(ordered)), pools);
    assertSamePlan(withSecondLast, Planner.plan(input.apply(plus(others, secondLast))), pools);
    assertSamePlan(withLast, Planner.plan(input.apply(plus(others, last))), pools);
    assertThat(plan.decisions()).isEqualTo(decisionsBefore);
    assertThat(freeGpus(plan, pools)).isDeepEqualTo(freeBefore);
    assertThat(plan.decisionFor(last.id())).isEmpty();
  }

  private static void assertSamePlan(Plan actual, Plan expected, List<NodePool> pools) {
    assertThat(actual.decisions()).isEqualTo(expected.decisions());
    for (Decision decision : expected.decisions()) {
      assertThat(actual.decisionFor(decision.workload().id())).contains(decision);
    }
    assertThat(freeGpus(actual, pools)).isDeepEqualTo(freeGpus(expected, pools));
  }

  /** Free GPUs per pool and 30-minute slot over the default 2-day horizon. */
  private static int[][] freeGpus(Plan plan, List<NodePool> pools) {
    int[][] free = new int[pools.size()][96];
    for (int pool = 0; pool < pools.size(); pool++) {
      for (int slot = 0; slot < 96; slot++) {
        free[pool][slot] = plan.freeGpus(pools.get(pool).name(), T0.plus(STEP.multipliedBy(slot)));
      }
    }
    return free;
  }

  private static List<Workload> plus(List<Workload> workloads, Workload workload) {
    List<Workload> more = new ArrayList<>(workloads);
    more.add(workload);
    return more;
  }

  private static List<Workload> randomQueue(Random random, int count, boolean sweeps) {
    return new RandomWorkloads(
            random.nextLong(),
            List.of("r1", "r2"),
            Duration.ofHours(10),
            Duration.ofHours(12),
            sweeps ? 2 : 0)
        .next(count);
  }

  private static int gpusInUse(Plan plan, String pool, Instant time) {
    return plan.placed().stream()
        .filter(p -> p.pool().name().equals(pool))
        .filter(p -> !p.start().isAfter(time) && p.end().isAfter(time))
        .mapToInt(p -> p.workload().gpus())
        .sum();
  }

  private static long trialsRunning(Plan plan, SweepRef sweep, Instant time) {
    return plan.placed().stream()
        .filter(
            p ->
                p.workload()
                    .sweep()
                    .map(SweepRef::sweepId)
                    .equals(java.util.Optional.of(sweep.sweepId())))
        .filter(p -> !p.start().isAfter(time) && p.end().isAfter(time))
        .count();
  }
}
