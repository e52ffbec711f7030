package io.carbonq.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The energy the planner predicts for a run in a pool: its GPUs', and its host share if stated. */
class GpuPowerModelTest {
  final GpuPowerModel power = new GpuPowerModel(Map.of("A100", 400.0), 1.0);
  final Region virginia = new Region("aws:us-east-1", "US-MIDA-PJM", 1.135);

  @Test
  void aPoolWithHostPowerAddsItsShareToEachGpuHeld() {
    // 8 × (400 W + 81.888 W of p4d.24xlarge host per GPU) × 12 h = 46.261248 kWh.
    NodePool p4d = new NodePool("p4d", virginia, "A100", 16, 81.888);

    assertThat(power.energyKwh(p4d, 8, Duration.ofHours(12))).isCloseTo(46.261248, within(1e-9));
  }

  @Test
  void aPoolWithoutHostPowerPredictsExactlyTheGpusEnergy() {
    NodePool plain = new NodePool("plain", virginia, "A100", 16);

    assertThat(power.energyKwh(plain, 8, Duration.ofMinutes(270)))
        .isEqualTo(power.energyKwh("A100", 8, Duration.ofMinutes(270)));
  }
}
