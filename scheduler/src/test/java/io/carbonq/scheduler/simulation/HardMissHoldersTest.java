package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.flat;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What held the home pool when a pod that had to start on arrival could not. */
class HardMissHoldersTest {
  private static final Region HOME = new Region("home", "HOME", 1.0);

  @Test
  void aLatePodSeesTheLongUrgentPodAndTheRigidJobThatFilledItsPool() {
    // Two GPUs: a two-day pod that had to start at once, and a day and a half of rigid work that
    // could have waited a week; first in, first out starts both, and the pod arriving an hour later
    // waits.
    Workload urgentLong = aWorkload("urgent-long", HOME, T0, Duration.ofHours(48)).gpus(1).build();
    Workload rigid =
        aWorkload("rigid", HOME, T0, Duration.ofHours(36))
            .gpus(1)
            .deadline(T0.plus(Duration.ofDays(7)))
            .build();
    Workload late =
        aWorkload("late", HOME, T0.plus(Duration.ofHours(1)), Duration.ofHours(1)).gpus(1).build();
    Scenario world =
        SmallWorld.named("blocked")
            .regions(HOME)
            .capacities(2)
            .intensity(flat("HOME", 100))
            .workloads(urgentLong, rigid, late)
            .build();

    List<HardMissHolders> rows =
        HardMissHolders.of(Comparison.run(world, List.of("B0"), ProgressListener.NONE));

    assertThat(rows).hasSize(1);
    HardMissHolders b0 = rows.get(0);
    assertThat(b0.policy()).isEqualTo("B0");
    assertThat(b0.hardMisses()).isEqualTo(1);
    assertThat(b0.meanPoolGpus()).isEqualTo(2.0);
    assertThat(b0.meanGpus())
        .containsEntry("latency-sensitive >=24h", 1.0)
        .containsEntry("rigid home >=24h", 1.0)
        .containsEntry("pausable home <24h", 0.0);
    assertThat(b0.meanGpus().values().stream().mapToDouble(Double::doubleValue).sum())
        .isEqualTo(2.0);
  }

  @Test
  void aPolicyWithoutHardMissesHasNoRow() {
    Workload alone = aWorkload("alone", HOME, T0, Duration.ofHours(1)).gpus(1).build();
    Scenario world =
        SmallWorld.named("roomy")
            .regions(HOME)
            .capacities(2)
            .intensity(flat("HOME", 100))
            .workloads(alone)
            .build();

    assertThat(HardMissHolders.of(Comparison.run(world, List.of("B0"), ProgressListener.NONE)))
        .isEmpty();
  }
}
