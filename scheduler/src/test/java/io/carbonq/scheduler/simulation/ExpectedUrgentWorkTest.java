package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.hourly;
import static io.carbonq.scheduler.simulation.SmallWorld.runOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** S+echo holds GPUs for the urgent work of the past day, expected again a day later. */
class ExpectedUrgentWorkTest {
  private static final Region HOME = new Region("home", "Z1", 1.0);

  @Test
  void workThatCanWaitLeavesRoomForTheUrgentWorkOfYesterday() {
    // Two GPUs. A pod that must start on arrival takes both at 09:00 on two days running. On the
    // second day a run that cannot pause but could wait until the evening arrives at 06:00; the
    // cleanest hours are 08:00 to 11:00.
    Instant firstDay = T0.plus(Duration.ofHours(9));
    Instant secondDay = firstDay.plus(Duration.ofDays(1));
    Workload yesterday = aWorkload("pod-1", HOME, firstDay, Duration.ofHours(1)).gpus(2).build();
    Workload today = aWorkload("pod-2", HOME, secondDay, Duration.ofHours(1)).gpus(2).build();
    Workload batch =
        aWorkload("batch", HOME, T0.plus(Duration.ofHours(30)), Duration.ofHours(3))
            .gpus(2)
            .deadline(T0.plus(Duration.ofHours(44)))
            .build();
    Scenario scenario =
        SmallWorld.named("echo")
            .regions(HOME)
            .capacities(2)
            .intensity(hourly("Z1", 96, hour -> hour >= 32 && hour < 35 ? 100 : 300))
            .workloads(yesterday, today, batch)
            .build();
    Simulator simulator = new Simulator(scenario, Duration.ofDays(2));

    SimulationResult plain = simulator.run(Policies.byId("S").get());
    SimulationResult expecting = simulator.run(Policies.byId("S+echo").get());

    // Without expecting it, the run takes the clean hours and the pod waits for it.
    assertThat(runOf(plain, "batch").firstStart()).isEqualTo(T0.plus(Duration.ofHours(32)));
    assertThat(runOf(plain, "pod-2").firstStart()).isAfter(secondDay);
    assertThat(plain.hardDeadlineMisses()).isEqualTo(1);
    // Expecting it, the run leaves 09:00 to 10:00 free and still ends by its deadline.
    assertThat(runOf(expecting, "pod-2").firstStart()).isEqualTo(secondDay);
    assertThat(runOf(expecting, "batch").end()).isBeforeOrEqualTo(batch.deadline());
    assertThat(expecting.deadlineMisses()).isZero();
  }

  @Test
  void theVariantsNameSaysItExpectsUrgentWork() {
    assertThat(Policies.byId("S+echo").get().id()).isEqualTo("S+echo");
    assertThat(Policies.byId("S-pinned+echo:0.1").get().id()).isEqualTo("S-pinned+echo:0.1");
    assertThat(Policies.isKnown("S-pinned+echo:0.1")).isTrue();
    assertThat(Policies.byId("S").get().id()).isEqualTo("S");
  }
}
