package io.carbonq.k8s.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.k8s.energy.SampledEnergy.Piece;
import io.carbonq.k8s.energy.SampledEnergy.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampledEnergyTest {
  static final double KWH = 3.6e6;

  static EnergyBins bins(int intervals) {
    return new EnergyBins(Instant.EPOCH, Duration.ofSeconds(60), intervals);
  }

  /** A counter in millijoules growing at {@code watts}, sampled every {@code every} ms. */
  static List<Sample> counter(long from, long to, long every, double watts, double base) {
    List<Sample> samples = new java.util.ArrayList<>();
    for (long at = from; at <= to; at += every) {
      samples.add(new Sample(at, base + watts * (at - from)));
    }
    return samples;
  }

  @Test
  void theStretchesBeforeTheFirstAndAfterTheLastScrapeAreCounted() {
    // A 100 s run at 400 W whose series was scraped from 7 s to 97 s, every 15 s.
    EnergyBins bins = bins(2);
    SampledEnergy.counter(
        counter(7_000, 97_000, 15_000, 400, 5e9), 1000, List.of(new Piece(0, 100_000)), bins);

    double[] kwh = bins.kwh();
    assertThat(kwh[0]).isCloseTo(400 * 60 / KWH, within(1e-12));
    assertThat(kwh[1]).isCloseTo(400 * 40 / KWH, within(1e-12));
  }

  @Test
  void aSeriesIsNotCarriedFurtherThanTwoSpacingsNorOutsideItsPiece() {
    // Scraped from 50 s only: the pod started late (an image pull), so 20 s are carried back.
    EnergyBins late = bins(2);
    SampledEnergy.counter(
        counter(50_000, 110_000, 10_000, 300, 0), 1000, List.of(new Piece(0, 120_000)), late);
    assertThat(Arrays.stream(late.kwh()).sum())
        .isCloseTo(300 * (60 + 20 + 10) / KWH, within(1e-12));

    // Samples beyond the piece (the pod's last scrape after carbonq saw it end) are cut at its end.
    EnergyBins cut = bins(2);
    SampledEnergy.counter(
        counter(0, 90_000, 15_000, 300, 0), 1000, List.of(new Piece(0, 60_000)), cut);
    assertThat(Arrays.stream(cut.kwh()).sum()).isCloseTo(300 * 60 / KWH, within(1e-12));
  }

  @Test
  void aCounterResetCountsFromZero() {
    List<Sample> samples =
        List.of(
            new Sample(0, 9_000_000),
            new Sample(30_000, 12_000_000),
            new Sample(60_000, 3_000_000));
    EnergyBins bins = bins(1);
    SampledEnergy.counter(samples, 1000, List.of(new Piece(0, 60_000)), bins);

    assertThat(bins.kwh()[0]).isCloseTo((3_000 + 3_000) / KWH, within(1e-12));
  }

  @Test
  void aPowerGaugeIsIntegratedBetweenSamples() {
    List<Sample> samples =
        List.of(new Sample(0, 200), new Sample(30_000, 400), new Sample(60_000, Double.NaN));
    EnergyBins bins = bins(1);
    SampledEnergy.gauge(samples, List.of(new Piece(0, 60_000)), bins);

    // 300 W for 30 s, then 200 W (a missing reading counts as none) for 30 s.
    assertThat(bins.kwh()[0]).isCloseTo((300 * 30 + 200 * 30) / KWH, within(1e-12));
  }
}
