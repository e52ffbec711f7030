package io.carbonq.k8s.energy;

import java.time.Duration;
import java.time.Instant;

/**
 * Energy in kWh per interval of {@code step} from {@code start}: energy spread evenly over a span
 * of time is shared among the intervals it overlaps, in proportion to the overlap.
 */
final class EnergyBins {
  private static final double JOULES_PER_KWH = 3.6e6;

  private final long startMillis;
  private final long stepMillis;
  private final double[] kwh;

  EnergyBins(Instant start, Duration step, int intervals) {
    this.startMillis = start.toEpochMilli();
    this.stepMillis = step.toMillis();
    this.kwh = new double[intervals];
  }

  /** Adds {@code joules} drawn evenly over {@code [fromMillis, toMillis)}. */
  void add(long fromMillis, long toMillis, double joules) {
    if (toMillis <= fromMillis || joules <= 0 || Double.isNaN(joules)) {
      return;
    }
    double perMilli = joules / (toMillis - fromMillis);
    long first = Math.max(0, Math.floorDiv(fromMillis - startMillis, stepMillis));
    long last = Math.min(kwh.length - 1L, Math.floorDiv(toMillis - 1 - startMillis, stepMillis));
    for (long i = first; i <= last; i++) {
      long binStart = startMillis + i * stepMillis;
      long overlap = Math.min(toMillis, binStart + stepMillis) - Math.max(fromMillis, binStart);
      if (overlap > 0) {
        kwh[(int) i] += perMilli * overlap / JOULES_PER_KWH;
      }
    }
  }

  double[] kwh() {
    return kwh.clone();
  }
}
