package io.carbonq.k8s.energy;

import java.util.List;

/**
 * The energy in raw Prometheus samples of one series over the pieces a run ran in. Between two
 * samples a counter's increase (a reset counts from zero) or a power gauge's trapezoid is spread
 * evenly. Before a series' first sample and after its last, the run went on unseen (the exporter is
 * scraped every few seconds, and a pod's series appears only at the first scrape that sees it): the
 * nearest rate is carried to the edge of the piece, at most two sample spacings, so a run is
 * counted whole without crediting a series with time it was not there.
 */
final class SampledEnergy {
  /** One raw sample: when (epoch milliseconds) and the value. */
  record Sample(long atMillis, double value) {}

  /** A piece of the run, in epoch milliseconds. */
  record Piece(long fromMillis, long toMillis) {}

  private SampledEnergy() {}

  /** A counter in {@code unitsPerJoule} (DCGM: millijoules, Kepler: joules) into the bins. */
  static void counter(
      List<Sample> samples, double unitsPerJoule, List<Piece> pieces, EnergyBins bins) {
    if (samples.size() < 2) {
      return;
    }
    double[] watts = new double[samples.size() - 1];
    for (int i = 1; i < samples.size(); i++) {
      Sample before = samples.get(i - 1);
      Sample after = samples.get(i);
      double increase =
          after.value() >= before.value() ? after.value() - before.value() : after.value();
      double joules = increase / unitsPerJoule;
      long span = after.atMillis() - before.atMillis();
      watts[i - 1] = span > 0 ? joules * 1000 / span : 0;
      addWithin(pieces, before.atMillis(), after.atMillis(), watts[i - 1], bins);
    }
    edges(samples, watts[0], watts[watts.length - 1], pieces, bins);
  }

  /** A power gauge in watts into the bins. */
  static void gauge(List<Sample> samples, List<Piece> pieces, EnergyBins bins) {
    if (samples.isEmpty()) {
      return;
    }
    for (int i = 1; i < samples.size(); i++) {
      Sample before = samples.get(i - 1);
      Sample after = samples.get(i);
      double meanWatts = (usable(before.value()) + usable(after.value())) / 2;
      addWithin(pieces, before.atMillis(), after.atMillis(), meanWatts, bins);
    }
    edges(
        samples,
        usable(samples.get(0).value()),
        usable(samples.get(samples.size() - 1).value()),
        pieces,
        bins);
  }

  private static double usable(double watts) {
    return Double.isNaN(watts) || watts < 0 ? 0 : watts;
  }

  /** Carries the first and last rates to the edges of the pieces the series starts and ends in. */
  private static void edges(
      List<Sample> samples,
      double firstWatts,
      double lastWatts,
      List<Piece> pieces,
      EnergyBins bins) {
    long reach = 2 * medianSpacing(samples);
    long first = samples.get(0).atMillis();
    long last = samples.get(samples.size() - 1).atMillis();
    for (Piece piece : pieces) {
      if (first >= piece.fromMillis() && first <= piece.toMillis()) {
        long from = Math.max(piece.fromMillis(), first - reach);
        bins.add(from, first, firstWatts * (first - from) / 1000);
      }
      if (last >= piece.fromMillis() && last <= piece.toMillis()) {
        long to = Math.min(piece.toMillis(), last + reach);
        bins.add(last, to, lastWatts * (to - last) / 1000);
      }
    }
  }

  /** {@code watts} over {@code [from, to)}, counted only where it overlaps a piece of the run. */
  private static void addWithin(
      List<Piece> pieces, long from, long to, double watts, EnergyBins bins) {
    for (Piece piece : pieces) {
      long start = Math.max(from, piece.fromMillis());
      long end = Math.min(to, piece.toMillis());
      if (end > start) {
        bins.add(start, end, watts * (end - start) / 1000);
      }
    }
  }

  private static long medianSpacing(List<Sample> samples) {
    if (samples.size() < 2) {
      return 0;
    }
    long[] spacings = new long[samples.size() - 1];
    for (int i = 1; i < samples.size(); i++) {
      spacings[i - 1] = samples.get(i).atMillis() - samples.get(i - 1).atMillis();
    }
    java.util.Arrays.sort(spacings);
    return spacings[spacings.length / 2];
  }
}
