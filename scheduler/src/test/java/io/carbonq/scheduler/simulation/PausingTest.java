package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Carbonq's pausing in the simulator, on small worlds where the right move is plain: work that
 * cannot wait takes the GPUs of work that can pause, paused work resumes in time, and paused work
 * moves to another allowed region when its own is full.
 */
class PausingTest {
  private static final Instant T0 = Instant.parse("2023-05-01T00:00:00Z");

  private static IntensitySeries flat(String zone, double gramsPerKwh) {
    double[] values = new double[24 * 10];
    Arrays.fill(values, gramsPerKwh);
    return new IntensitySeries(
        zone, T0, Duration.ofHours(1), values, SignalKind.AVERAGE, DataKind.ACTUAL, "test");
  }

  private static Scenario world(List<Region> regions, int[] gpus, List<Workload> workloads) {
    Map<String, IntensitySeries> actual = Map.of("Z1", flat("Z1", 300), "Z2", flat("Z2", 300));
    return new Scenario(
        "pausing",
        regions,
        gpus,
        actual,
        workloads,
        100,
        T0,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        ForecastMode.PERFECT,
        1);
  }

  private static JobRun run(SimulationResult result, String id) {
    return result.runs().stream()
        .filter(r -> r.workload().id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void workThatCannotWaitTakesTheGpusOfWorkThatCanPause() {
    Region home = new Region("home", "Z1", 1.0);
    // Two GPUs, both taken by a long interruptible run with a day of slack; at 01:00 a pod that
    // must start on arrival needs one.
    Workload trainer =
        Workload.builder("trainer")
            .gpus(2)
            .duration(Duration.ofHours(4))
            .earliestStart(T0)
            .deadline(T0.plus(Duration.ofDays(1)))
            .regions(List.of("home"))
            .home("home")
            .interruptible(true)
            .build();
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload pod =
        Workload.builder("pod")
            .gpus(1)
            .duration(Duration.ofMinutes(30))
            .earliestStart(arrival)
            .deadline(arrival.plus(Duration.ofMinutes(30)))
            .regions(List.of("home"))
            .home("home")
            .build();
    Scenario scenario = world(List.of(home), new int[] {2}, List.of(trainer, pod));
    Simulator simulator = new Simulator(scenario, Duration.ofDays(2));

    SimulationResult pausing = simulator.run(Policies.byId("S").get());
    SimulationResult whole = simulator.run(Policies.byId("S-whole").get());

    assertThat(run(pausing, "pod").firstStart()).isEqualTo(arrival);
    assertThat(run(pausing, "trainer").resumes()).isEqualTo(1);
    assertThat(pausing.deadlineMisses()).isZero();
    JobRun paused = run(pausing, "trainer");
    assertThat(paused.spans()).hasSize(2);
    assertThat(paused.spans().get(0)).isEqualTo(new RunSpan(0, T0, arrival));
    assertThat(paused.spans().get(1).from()).isAfterOrEqualTo(arrival);
    assertThat(paused.spans().get(1).until()).isEqualTo(paused.end());
    assertThat(run(whole, "pod").firstStart()).isAfter(arrival);
    assertThat(whole.hardDeadlineMisses()).isEqualTo(1);
  }

  @Test
  void pausedWorkResumesInAnotherAllowedRegionWhenItsOwnIsFull() {
    Region first = new Region("first", "Z1", 1.0);
    Region second = new Region("second", "Z2", 1.0);
    // One GPU in each region. The trainer starts in "first"; a pod that must start there at 01:00
    // pauses it, and a long run that cannot pause then holds "first" for two days, so the trainer
    // can only finish by its deadline in "second".
    Workload trainer =
        Workload.builder("trainer")
            .duration(Duration.ofHours(3))
            .earliestStart(T0)
            .deadline(T0.plus(Duration.ofHours(8)))
            .regions(List.of("first", "second"))
            .home("first")
            .interruptible(true)
            .build();
    Workload filler =
        Workload.builder("filler")
            .duration(Duration.ofHours(3))
            .earliestStart(T0)
            .deadline(T0.plus(Duration.ofHours(3)))
            .regions(List.of("second"))
            .home("second")
            .build();
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload pod =
        Workload.builder("pod")
            .duration(Duration.ofDays(2))
            .earliestStart(arrival)
            .deadline(arrival.plus(Duration.ofDays(2)))
            .regions(List.of("first"))
            .home("first")
            .build();
    Scenario scenario =
        world(List.of(first, second), new int[] {1, 1}, List.of(trainer, filler, pod));

    SimulationResult result =
        new Simulator(scenario, Duration.ofDays(4)).run(Policies.byId("S").get());

    JobRun moved = run(result, "trainer");
    assertThat(moved.migrations()).isEqualTo(1);
    assertThat(scenario.regions().get(moved.region()).name()).isEqualTo("second");
    assertThat(moved.end()).isBeforeOrEqualTo(trainer.deadline());
    assertThat(moved.spans()).extracting(RunSpan::region).containsExactly(0, 1);
    assertThat(result.deadlineMisses()).isZero();
  }
}
