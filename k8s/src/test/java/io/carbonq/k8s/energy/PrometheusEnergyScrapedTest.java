package io.carbonq.k8s.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measured energy against a real Prometheus scraping a DCGM exporter stand-in every 2 s: a run's
 * energy matches what its GPU's counter gained within 2 %, for a run of one piece and for one that
 * paused and resumed on another GPU. Both runs are far shorter than a minute, where reading at a
 * fixed step from the start loses most of them.
 */
@EnabledIf("io.carbonq.k8s.energy.RealPrometheus#available")
class PrometheusEnergyScrapedTest {
  static final int SCRAPE_SECONDS = 2;
  static final Duration STEP = Duration.ofSeconds(60);

  @TempDir static Path directory;
  static FakeDcgmExporter exporter;
  static RealPrometheus prometheus;
  static long zero;

  @BeforeAll
  static void runTwoJobs() throws Exception {
    exporter = new FakeDcgmExporter();
    prometheus = RealPrometheus.scraping(exporter.port(), SCRAPE_SECONDS, directory);
    zero = System.currentTimeMillis();
    exporter.schedule(
        new FakeDcgmExporter.Run(0, "ml", "carbonq-train-a-x1", at(3_000), at(23_300), 370));
    exporter.schedule(
        new FakeDcgmExporter.Run(1, "ml", "carbonq-train-b-p1", at(3_000), at(11_700), 300));
    exporter.schedule(
        new FakeDcgmExporter.Run(2, "ml", "carbonq-train-b-p2", at(16_500), at(26_000), 400));
    // GPU 3 is time-sliced: another team's pod shares it for most of the run.
    exporter.schedule(
        new FakeDcgmExporter.Run(3, "ml", "carbonq-train-c-s1", at(3_000), at(33_000), 300));
    exporter.schedule(new FakeDcgmExporter.Run(3, "ml", "notebook-z", at(6_000), at(30_000), 300));
    // Until the last run has ended and been scraped once more.
    Thread.sleep(
        Math.max(0, at(33_000) + 2_000L * SCRAPE_SECONDS + 500 - System.currentTimeMillis()));
  }

  static long at(long millis) {
    return zero + millis;
  }

  static Instant instant(long millis) {
    return Instant.ofEpochMilli(at(millis));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  PrometheusEnergy energy() {
    return new PrometheusEnergy(prometheus.url(), Duration.ofSeconds(10));
  }

  @Test
  void aShortRunIsCountedWhole() {
    PrometheusEnergy.Reading reading =
        energy()
            .read("ml", "carbonq-train-a-.*", instant(3_000), instant(23_300), STEP)
            .orElseThrow();

    double truth = exporter.kwhOf("carbonq-train-a-");
    assertThat(Arrays.stream(reading.gpuKwh()).sum()).isCloseTo(truth, within(truth * 0.02));
    assertThat(reading.source()).isEqualTo("DCGM energy counter");
  }

  @Test
  void aRunThatPausedIsCountedInBothPiecesAndNotInBetween() {
    List<PrometheusEnergy.Interval> pieces =
        List.of(
            new PrometheusEnergy.Interval(instant(3_000), instant(11_700)),
            new PrometheusEnergy.Interval(instant(16_500), instant(26_000)));

    PrometheusEnergy.Reading reading =
        energy().read("ml", "carbonq-train-b-.*", pieces, STEP).orElseThrow();

    double truth = exporter.kwhOf("carbonq-train-b-");
    assertThat(Arrays.stream(reading.gpuKwh()).sum()).isCloseTo(truth, within(truth * 0.02));
  }

  @Test
  void aTimeSlicedGpuIsSplitAmongItsPodsNotCountedWholeForEach() {
    PrometheusEnergy.Reading reading =
        energy()
            .read("ml", "carbonq-train-c-.*", instant(3_000), instant(33_000), STEP)
            .orElseThrow();

    // 3 s alone at 300 W, 24 s at (50 + 250 + 250) / 2 = 275 W, 3 s alone: 8,400 J; counted
    // whole it would be 15,000 J. A share changes only at a scrape, 2 s apart: within 10 %.
    double split = exporter.sharedKwhOf("carbonq-train-c-");
    double whole = 15_000 / 3.6e6;
    double measured = Arrays.stream(reading.gpuKwh()).sum();
    assertThat(split * 3.6e6).isCloseTo(8_400, within(1.0));
    assertThat(measured).isCloseTo(split, within(split * 0.10)).isLessThan(whole * 0.7);
    assertThat(reading.source())
        .isEqualTo("DCGM energy counter; GPU time-sliced with up to 2 pods at once, split equally");
  }

  @Test
  void anotherNamespaceSeesNothing() {
    assertThat(energy().read("other", "carbonq-train-a-.*", instant(3_000), instant(23_300), STEP))
        .isEmpty();
  }
}
