package io.carbonq.scheduler.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.config.ConfigLoader;
import io.carbonq.config.HostPower;
import io.carbonq.scheduler.planning.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host share of a run no meter measured, against figures worked out by hand. */
class HostEstimateTest {
  static final Instant T0 = Instant.parse("2023-03-01T00:00:00Z");
  static final List<Segment> TWELVE_HOURS = List.of(new Segment(T0, T0.plus(Duration.ofHours(12))));

  /** {@code gpus} A100s at 400 W for 12 h, hour by hour, as the rated-power estimate gives them. */
  static EnergyProfile a100s(int gpus) {
    double[] kwh = new double[12];
    Arrays.fill(kwh, gpus * 0.4);
    return new EnergyProfile(
        T0, Duration.ofHours(1), kwh, gpus * 0.4 * 12, 0, false, HostShare.NOT_COUNTED, "rated");
  }

  static double p4dWattsPerGpu() {
    HostPower host =
        ConfigLoader.parse(
                "pools: [{name: p, region: aws:us-east-1, gpuModel: A100, gpus: 8,"
                    + " nodeType: p4d.24xlarge}]",
                "t")
            .pools()
            .get(0)
            .host()
            .orElseThrow();
    return host.wattsPerGpu();
  }

  @Test
  void allEightGpusOfAP4dForTwelveHoursCarryTheWholeNodesHost() {
    // p4d.24xlarge: 96 vCPU, 1152 GB, 8 A100 (AWS). CCF, AWS averages at 50% utilisation:
    //   CPUs   96 × (0.74 + 0.5 × (3.50 − 0.74)) W = 96 × 2.12 W   = 203.520 W
    //   memory 1152 GB × 0.392 W/GB                                = 451.584 W
    //   host                                                       = 655.104 W = 81.888 W per GPU
    // 8 GPUs × 81.888 W × 12 h = 7.861248 kWh of host; the GPUs: 8 × 400 W × 12 h = 38.4 kWh.
    EnergyProfile profile =
        HostEstimate.added(a100s(8), p4dWattsPerGpu(), 8, TWELVE_HOURS, "p4d.24xlarge");

    assertThat(profile.hostKwh()).isCloseTo(7.861248, within(1e-9));
    assertThat(profile.gpuKwh()).isCloseTo(38.4, within(1e-9));
    assertThat(profile.totalKwh()).isCloseTo(46.261248, within(1e-9));
    assertThat(profile.kwh()[0]).isCloseTo(3.2 + 0.655104, within(1e-9));
    assertThat(profile.hostShare()).isEqualTo(HostShare.ESTIMATED);
    assertThat(profile.measured()).as("the GPUs' energy stays an estimate").isFalse();
    assertThat(profile.source())
        .isEqualTo("rated; host estimated: 8 × 81.9 W per GPU (p4d.24xlarge)");
  }

  @Test
  void aJobHoldingTwoOfTheEightGpusCarriesAQuarterOfTheHost() {
    // 2 of 8 GPUs: 2/8 × 655.104 W × 12 h = 1.965312 kWh.
    EnergyProfile profile =
        HostEstimate.added(a100s(2), p4dWattsPerGpu(), 2, TWELVE_HOURS, "p4d.24xlarge");

    assertThat(profile.hostKwh()).isCloseTo(1.965312, within(1e-9));
  }

  @Test
  void theHostDrawsOnlyWhileTheRunRanNotWhileItPaused() {
    // Ran 0–3 h and 9–12 h: 6 h of 100 W per GPU × 4 GPUs = 2.4 kWh, none in 3–9 h.
    List<Segment> pieces =
        List.of(
            new Segment(T0, T0.plus(Duration.ofHours(3))),
            new Segment(T0.plus(Duration.ofHours(9)), T0.plus(Duration.ofHours(12))));

    EnergyProfile profile = HostEstimate.added(a100s(4), 100, 4, pieces, "carbonq.yaml");

    assertThat(profile.hostKwh()).isCloseTo(2.4, within(1e-9));
    assertThat(profile.kwh()[5]).isCloseTo(1.6, within(1e-9));
  }

  @Test
  void aPoolWithoutHostPowerLeavesTheHostNotCounted() {
    EnergyProfile profile = HostEstimate.added(a100s(8), 0, 8, TWELVE_HOURS, "");

    assertThat(profile.hostKwh()).isZero();
    assertThat(profile.totalKwh()).isCloseTo(38.4, within(1e-9));
    assertThat(profile.hostShare()).isEqualTo(HostShare.NOT_COUNTED);
  }

  @Test
  void aHostKeplerMeasuredIsKeptAsMeasured() {
    EnergyProfile measured =
        new EnergyProfile(
            T0, Duration.ofHours(1), new double[] {5}, 4, 1, true, HostShare.MEASURED, "DCGM");

    assertThat(HostEstimate.added(measured, 81.888, 8, TWELVE_HOURS, "p4d")).isSameAs(measured);
  }
}
