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
import java.util.ArrayList;
import java.util.List;
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
    Simulator simulator =
        new Simulator(firstOfMain, Comparison.FORECAST_HORIZON, new DurationEstimates(0.3, 1));

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
