package io.carbonq.scheduler.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The energy a run drew, interval by interval: {@code kwh[i]} over {@code [start + i·step, start +
 * (i+1)·step)}, IT energy without PUE. {@code measured} says whether a meter saw it (DCGM, Kepler)
 * or it is estimated from rated power; {@code source} names which.
 */
public record EnergyProfile(
    Instant start,
    Duration step,
    double[] kwh,
    double gpuKwh,
    double hostKwh,
    boolean measured,
    String source) {

  public EnergyProfile {
    Objects.requireNonNull(start, "start");
    kwh = kwh.clone();
  }

  public double totalKwh() {
    double total = 0;
    for (double value : kwh) {
      total += value;
    }
    return total;
  }

  public Instant end() {
    return start.plus(step.multipliedBy(kwh.length));
  }

  /**
   * The profile without the intervals that drew nothing (a paused job has no pods, so no meter sees
   * it): the run as it would have gone without pausing.
   */
  public EnergyProfile withoutPauses() {
    double[] drawn = java.util.Arrays.stream(kwh).filter(value -> value > 0).toArray();
    if (drawn.length == kwh.length || drawn.length == 0) {
      return this;
    }
    return new EnergyProfile(start, step, drawn, gpuKwh, hostKwh, measured, source);
  }

  /**
   * The same profile started at {@code newStart}: the counterfactual of running at another time.
   */
  public EnergyProfile shiftedTo(Instant newStart) {
    return new EnergyProfile(newStart, step, kwh, gpuKwh, hostKwh, measured, source);
  }
}
