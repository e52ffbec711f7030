package io.carbonq.scheduler.planning;

import static io.carbonq.scheduler.TestData.R1;
import static io.carbonq.scheduler.TestData.R2;
import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.aWorkload;
import static io.carbonq.scheduler.TestData.anInput;
import static io.carbonq.scheduler.TestData.flatFor48Hours;
import static io.carbonq.scheduler.TestData.hourly;
import static io.carbonq.scheduler.TestData.hours;
import static io.carbonq.scheduler.TestData.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.RunNow;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  /** 48 hourly values: dirty now, clean at hour 3, cleanest at hours 26-27, dirty elsewhere. */
  static double[] twoDays() {
    double[] values = new double[48];
    Arrays.fill(values, 400);
    values[0] = 200;
    values[3] = 100;
    values[26] = 50;
    values[27] = 50;
    return values;
  }

  static Placed placed(Plan plan, String id) {
    return (Placed) plan.decisionFor(id).orElseThrow();
  }

  @Test
  void defersToTheCleanestWindowBeforeTheDeadlineAndExplainsWhy() {
    Workload job = aWorkload("train").deadline(hours(24)).build();

    Plan plan =
        Planner.plan(anInput().workloads(job).forecast(hourly("Z1", T0, twoDays())).build());

    Placed placed = placed(plan, "train");
    assertThat(placed.start()).isEqualTo(hours(3));
    assertThat(placed.basis()).isEqualTo(Basis.FORECAST);
    assertThat(placed.energyKwh()).isEqualTo(0.4);
    assertThat(placed.expectedKgCo2e().getAsDouble()).isCloseTo(0.4 * 100 / 1000, within(1e-12));
    assertThat(placed.runNowKgCo2e().getAsDouble()).isCloseTo(0.4 * 200 / 1000, within(1e-12));
    assertThat(placed.why())
        .isEqualTo(
            "deferred 3h to 03:00 UTC in r1: 50% less than running now on the first free pool (p1"
                + " in r1; no home set)");
  }

  @Test
  void withAHomeTheSavingIsAgainstRunningNowThereEvenOutsideItsRegions() {
    // It may only run in r1 (clean), but its people sit in r2 (dirty): that is what it saves on.
    Workload job = aWorkload("train").regions(List.of("r1")).home("r2").deadline(hours(2)).build();
    double[] dirty = new double[48];
    double[] clean = new double[48];
    Arrays.fill(dirty, 500);
    Arrays.fill(clean, 100);

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pool("p1", R1, "A100", 8), pool("p2", R2, "A100", 8))
                .workloads(job)
                .forecast(hourly("Z1", T0, clean))
                .forecast(hourly("Z2", T0, dirty))
                .build());

    Placed placed = placed(plan, "train");
    assertThat(placed.runNow()).isEqualTo(new RunNow(RunNow.Basis.HOME, "r2"));
    assertThat(placed.runNowKgCo2e().getAsDouble()).isCloseTo(0.4 * 500 / 1000, within(1e-12));
    assertThat(placed.why())
        .isEqualTo("starts now in r1 (moved from r2): 80% less than running now in r2");
  }

  @Test
  void withoutAHomeTheSavingIsAgainstTheFirstConfiguredPoolWithItsGpusFree() {
    // Configured c-full, b-free, a-free: c-full has no free GPU now, so a carbon-blind scheduler
    // starts it on b-free, not on a-free (first by name) nor on c-full (first configured).
    Region r3 = new Region("r3", "Z3", 1.0);
    Workload job = aWorkload("train").regions(List.of("r1", "r2", "r3")).build();
    double[] flat300 = new double[48];
    double[] flat100 = new double[48];
    double[] flat500 = new double[48];
    Arrays.fill(flat300, 300);
    Arrays.fill(flat100, 100);
    Arrays.fill(flat500, 500);

    Plan plan =
        Planner.plan(
            anInput()
                .pools(
                    pool("c-full", R1, "A100", 8),
                    pool("b-free", R2, "A100", 8),
                    pool("a-free", r3, "A100", 8))
                .committed(new Reservation("c-full", T0, hours(48), 8))
                .workloads(job)
                .forecast(hourly("Z1", T0, flat500))
                .forecast(hourly("Z2", T0, flat300))
                .forecast(hourly("Z3", T0, flat100))
                .build());

    Placed placed = placed(plan, "train");
    assertThat(placed.pool().name()).isEqualTo("a-free");
    assertThat(placed.runNow()).isEqualTo(new RunNow(RunNow.Basis.FIRST_FREE_POOL, "r2"));
    assertThat(placed.runNowKgCo2e().getAsDouble()).isCloseTo(0.4 * 300 / 1000, within(1e-12));
    assertThat(placed.why())
        .isEqualTo(
            "starts now in r3: 67% less than running now on the first free pool (b-free in r2;"
                + " no home set)");
  }

  @Test
  void withoutAHomeAndNoPoolFreeTheSavingIsAgainstTheFirstConfiguredPool() {
    Workload job = aWorkload("train").regions(List.of("r1", "r2")).build();

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pool("z1", R1, "A100", 8), pool("a2", R2, "A100", 8))
                .committed(new Reservation("z1", T0, hours(2), 8))
                .committed(new Reservation("a2", T0, hours(2), 8))
                .workloads(job)
                .forecast(hourly("Z1", T0, twoDays()))
                .forecast(hourly("Z2", T0, twoDays()))
                .build());

    assertThat(placed(plan, "train").runNow())
        .isEqualTo(new RunNow(RunNow.Basis.FIRST_FREE_POOL, "r1"));
  }

  @Test
  void aLaterDeadlineReachesACleanerDayAndTheExplanationNamesIt() {
    Workload job = aWorkload("train").duration(Duration.ofHours(2)).deadline(hours(40)).build();

    Plan plan =
        Planner.plan(anInput().workloads(job).forecast(hourly("Z1", T0, twoDays())).build());

    assertThat(placed(plan, "train").start()).isEqualTo(hours(26));
    assertThat(placed(plan, "train").why()).startsWith("deferred 1d2h to Mar 2 02:00 UTC in r1: ");
  }

  @Test
  void neverStartsTooLateToFinishByTheDeadline() {
    // The clean hour 3 ends at 04:00, one hour after this deadline: 00:00 (200) beats 01:00-03:00
    // (400).
    Workload job = aWorkload("train").deadline(hours(3)).build();

    Plan plan =
        Planner.plan(anInput().workloads(job).forecast(hourly("Z1", T0, twoDays())).build());

    assertThat(placed(plan, "train").start()).isEqualTo(T0);
    assertThat(placed(plan, "train").why())
        .isEqualTo("starts now in r1: no cleaner window before the deadline");
  }

  @Test
  void movesToAGreenerRegionItIsAllowedIn() {
    Workload job =
        aWorkload("train").regions(List.of("r1", "r2")).home("r1").deadline(hours(2)).build();
    double[] dirty = new double[48];
    double[] clean = new double[48];
    Arrays.fill(dirty, 500);
    Arrays.fill(clean, 100);

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pool("p1", R1, "A100", 8), pool("p2", R2, "A100", 8))
                .workloads(job)
                .forecast(hourly("Z1", T0, dirty))
                .forecast(hourly("Z2", T0, clean))
                .build());

    assertThat(placed(plan, "train").pool().name()).isEqualTo("p2");
    assertThat(placed(plan, "train").why())
        .isEqualTo("starts now in r2 (moved from r1): 80% less than running now in r1");
  }

  @Test
  void accountsForEachPoolsGpuPowerAndPue() {
    // Same grid, but p2's V100s draw 300 W against the A100s' 400 W and its PUE is lower.
    Workload job = aWorkload("train").regions(List.of("r1", "r2")).build();
    double[] flat = new double[48];
    Arrays.fill(flat, 300);

    Plan plan =
        Planner.plan(
            anInput()
                .pools(
                    pool("p1", new io.carbonq.scheduler.domain.Region("r1", "Z1", 1.5), "A100", 8),
                    pool("p2", new io.carbonq.scheduler.domain.Region("r2", "Z1", 1.2), "V100", 8))
                .workloads(job)
                .forecast(hourly("Z1", T0, flat))
                .build());

    Placed placed = placed(plan, "train");
    assertThat(placed.pool().name()).isEqualTo("p2");
    assertThat(placed.expectedKgCo2e().getAsDouble())
        .isCloseTo(0.3 * 1.2 * 300 / 1000, within(1e-12));
    assertThat(placed.runNowKgCo2e().getAsDouble())
        .isCloseTo(0.4 * 1.5 * 300 / 1000, within(1e-12));
  }

  @Test
  void tiesGoToTheEarliestStartThenThePoolFirstInNameOrder() {
    double[] flat = new double[48];
    Arrays.fill(flat, 250);
    Workload job = aWorkload("train").build();

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pool("zz", R1, "A100", 8), pool("aa", R1, "A100", 8))
                .workloads(job)
                .forecast(hourly("Z1", T0, flat))
                .build());

    assertThat(placed(plan, "train").start()).isEqualTo(T0);
    assertThat(placed(plan, "train").pool().name()).isEqualTo("aa");
  }

  @Test
  void failsOpenAtTheEarliestFeasibleStartWhenNoForecastCoversAnyWindow() {
    Workload job = aWorkload("train").build();

    Plan plan = Planner.plan(anInput().now(hours(0.25)).workloads(job).build());

    Placed placed = placed(plan, "train");
    assertThat(placed.basis()).isEqualTo(Basis.FAIL_OPEN);
    assertThat(placed.start()).isEqualTo(hours(0.25));
    assertThat(placed.expectedKgCo2e()).isEmpty();
    assertThat(placed.why())
        .isEqualTo(
            "starts now in r1: no forecast for zone Z1, so the earliest feasible start (fail-open)");
  }

  @Test
  void failingOpenPrefersTheRegionListedFirstAmongEqualStarts() {
    Workload job = aWorkload("train").regions(List.of("r2", "r1")).build();

    Plan plan =
        Planner.plan(
            anInput()
                .pools(pool("p1", R1, "A100", 8), pool("p2", R2, "A100", 8))
                .workloads(job)
                .build());

    assertThat(placed(plan, "train").pool().name()).isEqualTo("p2");
    assertThat(placed(plan, "train").basis()).isEqualTo(Basis.FAIL_OPEN);
  }

  @Test
  void aForecastShorterThanTheJobAlsoFailsOpen() {
    Workload job = aWorkload("train").duration(Duration.ofHours(6)).build();

    Plan plan =
        Planner.plan(anInput().workloads(job).forecast(hourly("Z1", T0, 100, 50, 25)).build());

    assertThat(placed(plan, "train").basis()).isEqualTo(Basis.FAIL_OPEN);
    assertThat(placed(plan, "train").start()).isEqualTo(T0);
  }

  @Test
  void aFullPoolPushesWorkToTheNextCleanestWindow() {
    Workload first = aWorkload("a").gpus(8).build();
    Workload second = aWorkload("b").gpus(8).build();

    Plan plan =
        Planner.plan(
            anInput().workloads(first, second).forecast(hourly("Z1", T0, twoDays())).build());

    assertThat(placed(plan, "a").start()).isEqualTo(hours(3));
    assertThat(placed(plan, "b").start()).isEqualTo(T0);
    assertThat(plan.freeGpus("p1", hours(3))).isZero();
    assertThat(plan.freeGpus("p1", hours(4))).isEqualTo(8);
  }

  @Test
  void higherPriorityIsPlannedFirstAndGetsTheCleanWindow() {
    Workload low = aWorkload("a-low").gpus(8).deadline(hours(5)).build();
    Workload high = aWorkload("z-high").gpus(8).deadline(hours(20)).priority(5).build();

    Plan plan =
        Planner.plan(anInput().workloads(low, high).forecast(hourly("Z1", T0, twoDays())).build());

    assertThat(placed(plan, "z-high").start()).isEqualTo(hours(3));
    assertThat(placed(plan, "a-low").start()).isEqualTo(T0);
    assertThat(plan.decisions().get(0).workload().id()).isEqualTo("z-high");
  }

  @Test
  void committedGpusAreNotGivenAway() {
    Workload job = aWorkload("train").gpus(4).build();

    Plan plan =
        Planner.plan(
            anInput()
                .committed(new Reservation("p1", hours(2), hours(5), 6))
                .workloads(job)
                .forecast(hourly("Z1", T0, twoDays()))
                .build());

    assertThat(placed(plan, "train").start()).isEqualTo(T0);
  }

  @Test
  void lateWorkWaitsUpTo2PercentOfItsRunForACleanerRegion() {
    // 40 hours of work on 15-minute steps: it may end up to 48 minutes later to run cleaner.
    Placed waits = late40HoursOnTwoPools(hours(0.75), 100, 500);
    assertThat(waits.basis()).isEqualTo(Basis.LATE);
    assertThat(waits.pool().name()).isEqualTo("clean");
    assertThat(waits.start()).isEqualTo(hours(0.75));

    Placed sooner = late40HoursOnTwoPools(hours(1), 100, 500);
    assertThat(sooner.pool().name()).isEqualTo("dirty");
    assertThat(sooner.start()).isEqualTo(T0);
  }

  @Test
  void lateWorkDoesNotWaitForARegionLessThan1PercentCleaner() {
    Placed placed = late40HoursOnTwoPools(hours(0.25), 499, 500);

    assertThat(placed.pool().name()).isEqualTo("dirty");
    assertThat(placed.start()).isEqualTo(T0);
  }

  /**
   * 40 hours of work on 4 GPUs, already late, on 15-minute steps: pool "clean" (r1, flat at {@code
   * clean} g/kWh) is full until {@code cleanFreeAt}, "dirty" (r2, at {@code dirty}) is free.
   */
  private static Placed late40HoursOnTwoPools(Instant cleanFreeAt, double clean, double dirty) {
    Workload late =
        aWorkload("late")
            .gpus(4)
            .duration(Duration.ofHours(40))
            .earliestStart(hours(-50))
            .deadline(hours(-1))
            .regions(List.of("r2", "r1"))
            .build();
    Plan plan =
        Planner.plan(
            anInput()
                .step(Duration.ofMinutes(15))
                .pools(pool("clean", R1, "A100", 8), pool("dirty", R2, "A100", 8))
                .committed(new Reservation("clean", T0, cleanFreeAt, 8))
                .workloads(late)
                .forecast(hourly("Z1", T0, flatFor48Hours(clean)))
                .forecast(hourly("Z2", T0, flatFor48Hours(dirty)))
                .build());
    return placed(plan, "late");
  }

  @Test
  void whenNoStartMeetsTheDeadlineItRunsAtTheEarliestFreeCapacityAndSaysSo() {
    Workload job = aWorkload("train").gpus(4).deadline(hours(3)).build();

    Plan plan =
        Planner.plan(
            anInput()
                .committed(new Reservation("p1", T0, hours(4), 6))
                .workloads(job)
                .forecast(hourly("Z1", T0, twoDays()))
                .build());

    Placed placed = placed(plan, "train");
    assertThat(placed.basis()).isEqualTo(Basis.LATE);
    assertThat(placed.start()).isEqualTo(hours(4));
    assertThat(placed.meetsDeadline()).isFalse();
    assertThat(placed.why())
        .isEqualTo(
            "cannot finish by its deadline 03:00 UTC; deferred 4h to 04:00 UTC in r1 at the earliest"
                + " free capacity or a cleaner one that ends little later, ending 2h late");
  }

  @Test
  void noPoolWithTheModelOrSizeIsDeferredWithTheFix() {
    Workload wrongModel = aWorkload("h100-job").gpuModels(java.util.Set.of("H100")).build();
    Workload tooBig = aWorkload("huge").gpus(16).build();

    Plan plan = Planner.plan(anInput().workloads(wrongModel, tooBig).build());

    assertThat(plan.deferred())
        .extracting(Deferred::reason)
        .containsOnly(Deferred.Reason.NO_MATCHING_POOL);
    assertThat(((Deferred) plan.decisionFor("h100-job").orElseThrow()).why())
        .isEqualTo(
            "no pool in r1 has 1 H100 GPUs; add such a pool or allow more regions or GPU models");
  }

  @Test
  void workThatCannotFitTheHorizonYetIsDeferredForALaterPlan() {
    Workload later = aWorkload("later").earliestStart(hours(47.5)).deadline(hours(60)).build();

    Plan plan = Planner.plan(anInput().workloads(later).build());

    assertThat(((Deferred) plan.decisionFor("later").orElseThrow()).reason())
        .isEqualTo(Deferred.Reason.BEYOND_HORIZON);
  }

  @Test
  void sweepTrialsSpreadOverTheCleanestWindowsWithinTheirCap() {
    double[] rising = new double[48];
    for (int hour = 0; hour < 48; hour++) {
      rising[hour] = 100 + 10 * hour;
    }
    Map<String, List<String>> grid = new LinkedHashMap<>();
    grid.put("lr", List.of("1e-4", "3e-4", "1e-3", "3e-3"));
    grid.put("seed", List.of("1", "2"));
    Sweep sweep = new Sweep("sweep", aWorkload("template").build(), grid, 2);

    Plan plan =
        Planner.plan(
            anInput()
                .step(Duration.ofHours(1))
                .workloads(sweep.trials())
                .forecast(hourly("Z1", T0, rising))
                .build());

    assertThat(plan.placed()).hasSize(8);
    Map<Instant, Long> trialsPerHour = new java.util.TreeMap<>();
    plan.placed().forEach(p -> trialsPerHour.merge(p.start(), 1L, Long::sum));
    assertThat(trialsPerHour)
        .containsExactly(
            Map.entry(T0, 2L),
            Map.entry(hours(1), 2L),
            Map.entry(hours(2), 2L),
            Map.entry(hours(3), 2L));
  }

  @Test
  void addPlacesOneMoreWorkloadInTheCapacityLeftAndLeavesThePlanAlone() {
    Workload first = aWorkload("a").gpus(8).build();
    Plan plan =
        Planner.plan(anInput().workloads(first).forecast(hourly("Z1", T0, twoDays())).build());

    Plan bigger = Planner.add(plan, aWorkload("b").gpus(8).build(), Duration.ofDays(2));

    assertThat(bigger.decisions().get(0)).isEqualTo(plan.decisions().get(0));
    assertThat(placed(bigger, "b").start()).isEqualTo(T0);
    assertThat(plan.decisions()).hasSize(1);
    assertThat(plan.freeGpus("p1", T0)).isEqualTo(8);
    assertThat(bigger.freeGpus("p1", T0)).isZero();
  }

  @Test
  void theSameQueueInAnyOrderGivesTheSamePlan() {
    List<Workload> queue =
        List.of(
            aWorkload("c").gpus(4).build(),
            aWorkload("a").gpus(4).build(),
            aWorkload("b").gpus(4).build());
    List<Workload> reversed = new java.util.ArrayList<>(queue);
    java.util.Collections.reverse(reversed);

    Plan one =
        Planner.plan(anInput().workloads(queue).forecast(hourly("Z1", T0, twoDays())).build());
    Plan two =
        Planner.plan(anInput().workloads(reversed).forecast(hourly("Z1", T0, twoDays())).build());

    assertThat(one.decisions()).isEqualTo(two.decisions());
  }
}
