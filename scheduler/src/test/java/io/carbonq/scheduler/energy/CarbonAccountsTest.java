package io.carbonq.scheduler.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.config.ConfigLoader;
import io.carbonq.config.PolicyConfig;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.RunNow;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A run's footprint in the bases a report gives, each against a figure worked out by hand. */
class CarbonAccountsTest {
  static final Instant START = Instant.parse("2023-06-01T00:00:00Z");

  /** 8 × A100 for 12 h at 400 W with PUE 1.1 = 42.24 kWh; at 300 g/kWh that is 12.672 kgCO2e. */
  static Footprint eightA100sForTwelveHours(String region) {
    return new Footprint(
        "train",
        region,
        "DE",
        1.1,
        START,
        START.plus(Duration.ofHours(12)),
        "A100",
        96,
        42.24,
        38.4,
        0,
        false,
        HostShare.NOT_COUNTED,
        "rated power",
        12.672,
        "test",
        new RunNow(RunNow.Basis.HOME, region),
        15.0,
        12.0,
        java.util.Optional.empty());
  }

  @Test
  void sciAddsTheEmbodiedShareOfTheGpusHeldToTheLocationBasedFigure() {
    CarbonAccounts accounts =
        CarbonAccounts.of(
            eightA100sForTwelveHours("gcp:europe-west3"),
            OptionalDouble.of(462.5),
            "BLOOM",
            Duration.ofHours(35_040),
            OptionalDouble.empty(),
            "");

    // M = 462.5 kg × 96 GPU-h / 35,040 h = 1.267123 kg; SCI = 12.672 + 1.267123 per run.
    assertThat(accounts.embodiedKg().getAsDouble()).isCloseTo(1.267123, within(1e-6));
    assertThat(accounts.sciKgPerRun().getAsDouble()).isCloseTo(13.939123, within(1e-6));
    assertThat(accounts.locationKg()).isEqualTo(12.672);
    assertThat(accounts.embodiedBasis())
        .isEqualTo(
            "A100: 462.5 kgCO2e per device with its server share (BLOOM) over 35040 h of life");
    assertThat(accounts.marketKg()).isEmpty();
    assertThat(accounts.marketBasis())
        .contains("no carbon-free energy share known for gcp:europe-west3")
        .contains("carbonFreeShare");
  }

  @Test
  void aMarginalIntensityGivesAMarginalFigureNeverALocationBasedOne() {
    Footprint average = eightA100sForTwelveHours("gcp:europe-west3");
    Footprint marginal = average.withIntensitySignal(SignalKind.MARGINAL);

    CarbonAccounts accounts =
        CarbonAccounts.of(
            marginal,
            OptionalDouble.of(462.5),
            "BLOOM",
            Duration.ofHours(35_040),
            OptionalDouble.of(0.9),
            "carbonq.yaml");

    assertThat(accounts.locationKg()).isNaN();
    assertThat(accounts.marginalKg()).hasValue(12.672);
    assertThat(accounts.marketKg()).isEmpty();
    assertThat(accounts.marketBasis()).startsWith("none: the run's intensity is marginal");
    assertThat(accounts.sciKgPerRun().getAsDouble()).isCloseTo(13.939123, within(1e-6));
    assertThat(
            CarbonAccounts.of(
                    average,
                    OptionalDouble.empty(),
                    "",
                    Duration.ofHours(1),
                    OptionalDouble.empty(),
                    "")
                .marginalKg())
        .isEmpty();
  }

  @Test
  void marketBasedSubtractsTheRegionsCarbonFreeShare() {
    CarbonAccounts accounts =
        CarbonAccounts.of(
            eightA100sForTwelveHours("mine:hamburg"),
            OptionalDouble.empty(),
            "",
            Duration.ofHours(35_040),
            OptionalDouble.of(0.9),
            "carbonq.yaml");

    assertThat(accounts.marketKg().getAsDouble()).isCloseTo(1.2672, within(1e-9));
    assertThat(accounts.marketBasis())
        .isEqualTo("location-based less 90% carbon-free energy of mine:hamburg (carbonq.yaml)");
    assertThat(accounts.sciKgPerRun()).as("no embodied figure, no SCI").isEmpty();
    assertThat(accounts.embodiedBasis()).contains("no embodied figure for A100");
  }

  @Test
  void theBundledCatalogsGiveTheA100sEmbodiedFigureAndGooglesCarbonFreeShares() {
    var config = ConfigLoader.bundledDefault();
    assertThat(config.gpu("A100").orElseThrow().embodiedKg()).hasValue(462.5);
    assertThat(config.gpu("V100").orElseThrow().embodiedKg()).isEmpty();
    // Google's 2024 table: europe-west3 (Frankfurt) 68 % CFE; AWS publishes no hourly share.
    assertThat(config.region("gcp:europe-west3").orElseThrow().carbonFreeShare()).hasValue(0.68);
    assertThat(config.region("aws:us-east-1").orElseThrow().carbonFreeShare()).isEmpty();
    assertThat(config.policy().hardwareLifetime())
        .isEqualTo(PolicyConfig.DEFAULT_HARDWARE_LIFETIME);
  }

  @Test
  void aRegionAndAGpuInCarbonqYamlMayStateTheirOwnFigures() {
    var config =
        ConfigLoader.parse(
            """
            regions:
              - {name: "mine:hamburg", zone: DE, pue: 1.3, carbonFreeShare: 0.9}
            gpus:
              - {model: V100, watts: 300, embodiedKg: 350}
            pools:
              - {name: hh, region: "mine:hamburg", gpuModel: V100, gpus: 8}
            policy: {hardwareLifetime: 2190d}
            """,
            "test.yaml");
    assertThat(config.region("mine:hamburg").orElseThrow().carbonFreeShare()).hasValue(0.9);
    assertThat(config.gpu("V100").orElseThrow().embodiedKg()).hasValue(350);
    assertThat(config.policy().hardwareLifetime()).isEqualTo(Duration.ofDays(2190));
  }

  @Test
  void outOfRangeFiguresAreRefusedWithTheField() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    """
                    regions:
                      - {name: "mine:x", zone: DE, pue: 1.3, carbonFreeShare: 1.5}
                    policy: {hardwareLifetime: 30d}
                    """,
                    "bad.yaml"))
        .hasMessageContaining("regions[0].carbonFreeShare")
        .hasMessageContaining("policy.hardwareLifetime");
  }
}
