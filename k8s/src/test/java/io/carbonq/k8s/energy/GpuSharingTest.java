package io.carbonq.k8s.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.k8s.energy.SampledEnergy.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuSharingTest {
  @Test
  void aTimeSlicedGpusIncreaseIsSplitAmongThePodsSeenInEachSpan() {
    // The device's counter (mJ) every 10 s: 300 W throughout, so 3,000,000 mJ per span.
    List<Sample> own =
        List.of(
            new Sample(0, 0),
            new Sample(10_000, 3e6),
            new Sample(20_000, 6e6),
            new Sample(30_000, 9e6));
    // Another pod shares the GPU from 10 s to 20 s: seen at the 20 s scrape only.
    List<Sample> other = List.of(new Sample(20_000, 6e6));

    List<Sample> shared = GpuSharing.sharedCounter(own, List.of(other));

    // 3e6 alone, then 3e6 / 2, then 3e6 alone: 7.5e6 mJ in all, not 9e6.
    assertThat(shared)
        .containsExactly(
            new Sample(0, 0),
            new Sample(10_000, 3e6),
            new Sample(20_000, 4.5e6),
            new Sample(30_000, 7.5e6));
    assertThat(GpuSharing.mostPods(own, List.of(other))).isEqualTo(2);
    assertThat(GpuSharing.mostPods(own, List.of())).isEqualTo(1);
  }

  @Test
  void aResetCountsFromZeroAsTheUnsharedCounterDoes() {
    List<Sample> own =
        List.of(new Sample(0, 5e6), new Sample(10_000, 1e6), new Sample(20_000, 3e6));
    List<Sample> other = List.of(new Sample(10_000, 1e6), new Sample(20_000, 3e6));

    assertThat(GpuSharing.sharedCounter(own, List.of(other)))
        .containsExactly(new Sample(0, 0), new Sample(10_000, 0.5e6), new Sample(20_000, 1.5e6));
  }

  @Test
  void aPowerGaugeIsSplitAtEachSample() {
    List<Sample> own =
        List.of(new Sample(0, 300), new Sample(10_000, 300), new Sample(20_000, 300));
    List<Sample> two = List.of(new Sample(10_000, 300));
    List<Sample> three = List.of(new Sample(10_000, 300), new Sample(20_000, 300));

    assertThat(GpuSharing.sharedGauge(own, List.of(two, three)))
        .containsExactly(new Sample(0, 300), new Sample(10_000, 100), new Sample(20_000, 150));
  }

  @Test
  void aMigInstanceHoldsItsSlicesOfTheSevenWhoeverElseRuns() {
    assertThat(GpuSharing.migShare("3g.40gb"))
        .hasValueSatisfying(s -> assertThat(s).isCloseTo(3 / 7.0, within(1e-12)));
    assertThat(GpuSharing.migShare("1g.10gb"))
        .hasValueSatisfying(s -> assertThat(s).isCloseTo(1 / 7.0, within(1e-12)));
    assertThat(GpuSharing.migShare("7g.80gb")).contains(1.0);
    // An A30 has four compute slices, not seven.
    assertThat(GpuSharing.migShare("2g.12gb", "NVIDIA A30")).contains(0.5);
    assertThat(GpuSharing.migShare("")).isEmpty();
    assertThat(GpuSharing.migShare(null)).isEmpty();
    assertThat(GpuSharing.scaled(List.of(new Sample(0, 7e6)), 3 / 7.0).get(0).value())
        .isCloseTo(3e6, within(1e-6));
  }
}
