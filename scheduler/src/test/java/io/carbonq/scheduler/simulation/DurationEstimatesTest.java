package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Policies that plan with users' run-time estimates while the simulator runs the actual times. */
class DurationEstimatesTest {
  private static final Region HOME = new Region("home", "HOME", 1.0);

  /** The first 400 workloads of the main scenario. */
  private static Scenario firstOfMain;

  @BeforeAll
  static void buildTheMainScenario() {
    Scenario full = MainScenario.build(MainScenario.Options.defaults().withCopies(1, 0));
    firstOfMain = full.withWorkloads(full.workloads().subList(0, 400));
  }

  @Test
  void everyEstimateIsWithinTheErrorAndTheSameOnEveryDraw() {
    List<Workload> actual = firstOfMain.workloads();
    DurationEstimates estimates = new DurationEstimates(0.3, 7);

    List<Workload> submitted = estimates.submitted(actual);

    assertThat(submitted).isEqualTo(estimates.submitted(actual));
    int differing = 0;
    for (int i = 0; i < actual.size(); i++) {
      long seconds = actual.get(i).duration().getSeconds();
      long estimate = submitted.get(i).duration().getSeconds();
      assertThat((double) estimate)
          .isBetween(Math.max(1, 0.7 * seconds - 0.5), Math.max(1, 1.3 * seconds + 0.5));
      assertThat(submitted.get(i).id()).isEqualTo(actual.get(i).id());
      assertThat(submitted.get(i).regions()).isEqualTo(actual.get(i).regions());
      differing += estimate != seconds ? 1 : 0;
    }
    assertThat(differing).isGreaterThan(actual.size() / 2);
    assertThat(DurationEstimates.EXACT.submitted(actual)).isSameAs(actual);
  }

  @Test
  void workThatMustStartOnArrivalIsSubmittedSoWhateverItsEstimate() {
    Workload urgent = aWorkload("urgent", HOME, T0, Duration.ofHours(2)).build();
    Workload relaxed =
        aWorkload("relaxed", HOME, T0, Duration.ofHours(2)).deadline(T0.plusSeconds(7300)).build();

    for (long seed = 0; seed < 20; seed++) {
      List<Workload> submitted =
          new DurationEstimates(0.3, seed).submitted(List.of(urgent, relaxed));
      assertThat(submitted.get(0).latestStart()).isEqualTo(T0);
      // A deadline the estimate overruns moves to what the estimate allows.
      assertThat(submitted.get(1).latestStart()).isAfterOrEqualTo(T0);
    }
  }

  /**
   * On the main scenario, what a policy sees of each job's deadline follows from the estimate and
   * how its user sets deadlines, never from the actual run time; the run keeps that deadline unless
   * it cannot meet it at all.
   */
  @Test
  void aDeadlineIsDrawnFromTheEstimateNotFromTheActualRunTime() {
    DurationEstimates estimates = new DurationEstimates(0.3, 5);
    Scenario runs = estimates.appliedTo(firstOfMain);
    List<Workload> submitted = estimates.submitted(runs.workloads(), runs.statements());
    int drawn = 0;
    int underestimatedPastTheirDeadline = 0;
    for (int i = 0; i < submitted.size(); i++) {
      Workload seen = submitted.get(i);
      Workload actual = runs.workloads().get(i);
      DeadlineRule rule = runs.statements().get(seen.id()).deadline();
      Instant arrival = seen.earliestStart();
      assertThat(seen.deadline())
          .as(seen.id())
          .isEqualTo(
              latest(rule.deadline(arrival, seen.duration()), arrival.plus(seen.duration())));
      if (rule instanceof DeadlineRule.StartAtOnce) {
        assertThat(actual.deadline()).isEqualTo(arrival.plus(actual.duration()));
        continue;
      }
      drawn++;
      Instant earliestEnd = arrival.plus(actual.duration());
      assertThat(actual.deadline()).isEqualTo(latest(seen.deadline(), earliestEnd));
      underestimatedPastTheirDeadline += seen.deadline().isBefore(earliestEnd) ? 1 : 0;
    }
    assertThat(drawn).isGreaterThan(submitted.size() / 2);
    assertThat(underestimatedPastTheirDeadline).isPositive();
    assertThat(estimates.appliedTo(runs).workloads()).isEqualTo(runs.workloads());
    assertThat(new DurationEstimates(0, 5).appliedTo(firstOfMain)).isSameAs(firstOfMain);
  }

  /**
   * A sweep's trials run the same time: one estimate for all of them (and so one deadline), since
   * many estimates of one run time, each off by its own draw, would together give it away.
   */
  @Test
  void aSweepsTrialsShareOneEstimateAndOneDeadline() {
    Scenario full = MainScenario.build(MainScenario.Options.defaults().withCopies(1, 2));
    DurationEstimates estimates = new DurationEstimates(0.3, 3);
    List<Workload> submitted =
        estimates.submitted(estimates.appliedTo(full).workloads(), full.statements());
    Map<String, List<Workload>> bySweep = new HashMap<>();
    submitted.stream()
        .filter(w -> w.sweep().isPresent())
        .forEach(
            w -> bySweep.computeIfAbsent(w.sweep().get().sweepId(), k -> new ArrayList<>()).add(w));
    assertThat(bySweep).hasSize(2);
    for (List<Workload> trials : bySweep.values()) {
      assertThat(trials.stream().map(Workload::duration).distinct()).hasSize(1);
      assertThat(trials.stream().map(Workload::deadline).distinct()).hasSize(1);
    }
    long podRunTimes =
        submitted.stream()
            .filter(w -> w.sweep().isEmpty())
            .map(Workload::duration)
            .distinct()
            .count();
    assertThat(podRunTimes).isGreaterThan(1);
  }

  /** A recorded job that happens to be named like a sweep still gets its own estimate. */
  @Test
  void aJobNamedLikeASweepDoesNotShareTheSweepsEstimate() {
    Instant dayZero = MainScenario.TRACE_START;
    Instant may = dayZero.plus(Duration.ofDays(119));
    List<RecordedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = i == 0 ? "sweep-c0-0" : "pod-" + i;
      jobs.add(
          RecordedJob.bare(
              id, 1, may.plus(Duration.ofHours(i)), Duration.ofHours(3 + i % 5), false));
    }
    MainScenario.Options options = MainScenario.Options.defaults().withCopies(1, 1);
    Scenario scenario =
        MainScenario.build(
            options,
            new WorkloadTrace("test", dayZero, jobs, List.of()),
            MainScenario.bundledActuals(options.zones(), 2023));
    DurationEstimates estimates = new DurationEstimates(0.3, 5);

    List<Workload> submitted =
        estimates.submitted(estimates.appliedTo(scenario).workloads(), scenario.statements());

    Map<String, Double> factorOf = new HashMap<>();
    for (int i = 0; i < submitted.size(); i++) {
      Workload actual = scenario.workloads().get(i);
      double factor =
          (double) submitted.get(i).duration().getSeconds() / actual.duration().getSeconds();
      factorOf.put(actual.sweep().isPresent() ? "the sweep's trials" : actual.id(), factor);
    }
    assertThat(factorOf.get("sweep-c0-0"))
        .isNotCloseTo(factorOf.get("the sweep's trials"), within(1e-3));
  }

  /**
   * A run whose user underestimated it past its deadline must start at once to meet it, but it was
   * not submitted as urgent: a late end is a miss, not a hard one.
   */
  @Test
  void anUnderestimatedRunIsNotCountedAmongTheHardMisses() {
    Workload job =
        aWorkload("long", HOME, T0, Duration.ofHours(5))
            .deadline(T0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(75)))
            .build();
    DurationEstimates estimates = underestimating(job);
    Scenario world =
        aloneOnOneGpu(job)
            .withStatements(
                Map.of(job.id(), new Statement(new DeadlineRule.Relative(0.25), job.id())));
    Policy late =
        new Policy() {
          @Override
          public String id() {
            return "late";
          }

          @Override
          public void decide(StepContext context) {
            if (!context.now().isBefore(T0.plus(Duration.ofHours(1)))) {
              context.waiting().forEach(run -> context.start(run, 0));
            }
          }
        };

    SimulationResult result =
        new Simulator(world, Comparison.FORECAST_HORIZON, estimates).run(late);

    JobRun run = result.runs().get(0);
    assertThat(run.actual().deadline()).isEqualTo(T0.plus(Duration.ofHours(5)));
    assertThat(run.workload().latestStart()).isAfter(T0);
    assertThat(result.deadlineMisses()).isEqualTo(1);
    assertThat(result.hardDeadlineMisses()).isZero();
  }

  /**
   * The runs a comparison reports are of the very workloads its oracles priced: the estimates are
   * applied once, so a breakdown by class finds each run's O1 (it is keyed by the workload itself).
   */
  @Test
  void aBreakdownByClassUnderEstimatesPricesEveryRun() {
    Comparison comparison =
        Comparison.run(
            firstOfMain, List.of("B0", "O1"), new DurationEstimates(0.3, 2), ProgressListener.NONE);

    List<ClassBreakdown> classes = ClassBreakdown.of(comparison);

    assertThat(classes.stream().mapToInt(ClassBreakdown::jobs).sum())
        .isEqualTo(firstOfMain.workloads().size());
    assertThat(classes.stream().mapToDouble(ClassBreakdown::perJobOracleKg).sum())
        .isCloseTo(comparison.perJobOracleKg().orElseThrow(), within(1e-6));
  }

  @Test
  void eachRuleDrawsTheDeadlineAUserWouldSet() {
    Duration stated = Duration.ofHours(4);
    assertThat(new DeadlineRule.StartAtOnce().deadline(T0, stated)).isEqualTo(T0.plus(stated));
    assertThat(new DeadlineRule.Relative(0.25).deadline(T0, stated))
        .isEqualTo(T0.plus(Duration.ofHours(5)));
    assertThat(new DeadlineRule.After(Duration.ofDays(1)).deadline(T0, stated))
        .isEqualTo(T0.plus(Duration.ofHours(28)));
    assertThat(new DeadlineRule.Waves(4, Duration.ofDays(1)).deadline(T0, stated))
        .isEqualTo(T0.plus(Duration.ofDays(1)));
    assertThat(new DeadlineRule.Waves(8, Duration.ofDays(1)).deadline(T0, stated))
        .isEqualTo(T0.plus(Duration.ofHours(32)));
    Instant given = T0.plus(Duration.ofHours(3));
    assertThat(new DeadlineRule.Fixed(given).deadline(T0, stated)).isEqualTo(T0.plus(stated));
    assertThat(new DeadlineRule.Fixed(given).deadline(T0, Duration.ofHours(2))).isEqualTo(given);
  }

  private static Instant latest(Instant one, Instant other) {
    return one.isAfter(other) ? one : other;
  }

  @Test
  void anErrorOutsideZeroToOneIsRefusedWithTheRange() {
    assertThatThrownBy(() -> new DurationEstimates(1.0, 1))
        .hasMessageContaining("at least 0 and below 1")
        .hasMessageContaining("got 1.0");
    assertThatThrownBy(() -> new DurationEstimates(-0.1, 1)).hasMessageContaining("got -0.1");
  }

  @Test
  void aPolicySeesTheEstimateLeftWhileTheJobRunsItsActualTime() {
    // Five hours of work its user estimated at about three: a policy sees the estimate shrink, then
    // one step left for as long as the job overruns it.
    Workload job = aWorkload("long", HOME, T0, Duration.ofHours(5)).build();
    Scenario world = aloneOnOneGpu(job);
    DurationEstimates estimates = underestimating(job);
    long estimate = estimatedSeconds(estimates, job);
    List<Long> seen = new ArrayList<>();
    Policy recorder =
        new Policy() {
          @Override
          public String id() {
            return "recorder";
          }

          @Override
          public void decide(StepContext context) {
            context.waiting().forEach(run -> context.start(run, 0));
            context.active().forEach(run -> seen.add(run.remainingSeconds()));
          }
        };

    SimulationResult result =
        new Simulator(world, Comparison.FORECAST_HORIZON, estimates).run(recorder);

    JobRun run = result.runs().get(0);
    assertThat(run.workload().duration().getSeconds()).isEqualTo(estimate);
    assertThat(Duration.between(run.firstStart(), run.end())).isEqualTo(Duration.ofHours(5));
    assertThat(seen.get(0)).isEqualTo(estimate);
    assertThat(seen.get(1)).isEqualTo(estimate - 300);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(300);
    assertThat(result.completedGpuHours()).isCloseTo(5, within(1e-9));
    assertThat(result.deadlineMisses()).isZero();
  }

  @Test
  void carbonqLetsWorkThatRunsPastItsEstimateGoOnInsteadOfPausingIt() {
    Workload job =
        aWorkload("long", HOME, T0, Duration.ofHours(5))
            .deadline(T0.plus(Duration.ofDays(1)))
            .interruptible(true)
            .build();
    Scenario world = aloneOnOneGpu(job);
    DurationEstimates estimates = underestimating(job);

    SimulationResult result =
        new Simulator(world, Comparison.FORECAST_HORIZON, estimates).run(Policies.byId("S").get());

    JobRun run = result.runs().get(0);
    assertThat(run.resumes()).isZero();
    assertThat(Duration.between(run.firstStart(), run.end())).isEqualTo(Duration.ofHours(5));
  }

  /** A world of one GPU at a steady intensity, with {@code job} its only work. */
  private static Scenario aloneOnOneGpu(Workload job) {
    return SmallWorld.named("overrun")
        .regions(HOME)
        .capacities(1)
        .intensity(flat("HOME", 100))
        .workloads(job)
        .build();
  }

  /** Estimates off by up to half, seeded so that {@code job}'s is at least a fifth too short. */
  private static DurationEstimates underestimating(Workload job) {
    DurationEstimates estimates = new DurationEstimates(0.5, 0);
    for (long seed = 1;
        estimatedSeconds(estimates, job) > 0.8 * job.duration().getSeconds();
        seed++) {
      estimates = new DurationEstimates(0.5, seed);
    }
    return estimates;
  }

  private static long estimatedSeconds(DurationEstimates estimates, Workload job) {
    return estimates.submitted(List.of(job)).get(0).duration().getSeconds();
  }

  @ParameterizedTest
  @ValueSource(strings = {"B0", "B2", "B6", "S", "S-pinned"})
  void everyPolicyDoesTheActualWorkWhenEstimatesErrThirtyPercent(String policy) {
    DurationEstimates estimates = new DurationEstimates(0.3, 1);
    Simulator simulator =
        new Simulator(estimates.appliedTo(firstOfMain), Comparison.FORECAST_HORIZON, estimates);

    SimulationResult result = simulator.run(Policies.byId(policy).get());

    assertThat(result.unfinished()).isZero();
    for (JobRun run : result.runs()) {
      assertThat(run.remainingSeconds()).isZero();
      assertThat(
              run.spans().stream()
                  .mapToLong(s -> Duration.between(s.from(), s.until()).getSeconds())
                  .sum())
          .as(run.workload().id())
          .isEqualTo(
              run.actual().duration().getSeconds()
                  + run.resumes() * firstOfMain.resumeOverhead().getSeconds());
    }
  }
}
