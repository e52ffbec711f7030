package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aTrainer;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.flat;
import static io.carbonq.scheduler.simulation.SmallWorld.runOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Carbonq's pausing in the simulator, on small worlds where the right move is plain: work that
 * cannot wait takes the GPUs of work that can pause, paused work resumes in time, and paused work
 * moves to another allowed region when its own is full.
 */
class PausingTest {
  private static SmallWorld world(Region... regions) {
    return SmallWorld.named("pausing").regions(regions).intensity(flat("Z1", 300), flat("Z2", 300));
  }

  @Test
  void workThatCannotWaitTakesTheGpusOfWorkThatCanPause() {
    Region home = new Region("home", "Z1", 1.0);
    // Two GPUs, both taken by a long interruptible run with a day of slack; at 01:00 a pod that
    // must start on arrival needs one.
    Workload trainer = aTrainer("trainer", home).build();
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload pod = aWorkload("pod", home, arrival, Duration.ofMinutes(30)).build();
    Scenario scenario = world(home).capacities(2).workloads(trainer, pod).build();
    Simulator simulator = new Simulator(scenario, Duration.ofDays(2));

    SimulationResult pausing = simulator.run(Policies.byId("S").get());
    SimulationResult whole = simulator.run(Policies.byId("S-whole").get());

    assertThat(runOf(pausing, "pod").firstStart()).isEqualTo(arrival);
    assertThat(runOf(pausing, "trainer").resumes()).isEqualTo(1);
    assertThat(pausing.deadlineMisses()).isZero();
    JobRun paused = runOf(pausing, "trainer");
    assertThat(paused.spans()).hasSize(2);
    assertThat(paused.spans().get(0)).isEqualTo(new RunSpan(0, T0, arrival));
    assertThat(paused.spans().get(1).from()).isAfterOrEqualTo(arrival);
    assertThat(paused.spans().get(1).until()).isEqualTo(paused.end());
    assertThat(runOf(whole, "pod").firstStart()).isAfter(arrival);
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
    Workload filler = aWorkload("filler", second, T0, Duration.ofHours(3)).build();
    Instant arrival = T0.plus(Duration.ofHours(1));
    Workload pod = aWorkload("pod", first, arrival, Duration.ofDays(2)).build();
    Scenario scenario =
        world(first, second).capacities(1, 1).workloads(trainer, filler, pod).build();

    SimulationResult result =
        new Simulator(scenario, Duration.ofDays(4)).run(Policies.byId("S").get());

    JobRun moved = runOf(result, "trainer");
    assertThat(moved.migrations()).isEqualTo(1);
    assertThat(scenario.regions().get(moved.region()).name()).isEqualTo("second");
    assertThat(moved.end()).isBeforeOrEqualTo(trainer.deadline());
    assertThat(moved.spans()).extracting(RunSpan::region).containsExactly(0, 1);
    assertThat(result.deadlineMisses()).isZero();
  }
}
