package io.carbonq.scheduler.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The energy a run drew, interval by interval: {@code kwh[i]} over {@code [start + i·step, start +
 * (i+1)·step)}, IT energy without PUE, the GPUs' ({@code gpuKwh}) and the host's ({@code hostKwh})
 * together. {@code measured} says whether a meter saw the GPUs (DCGM) or their energy is estimated
 * from rated power; {@code hostShare} how the host's is counted; {@code source} names both.
 */
public record EnergyProfile(
    Instant start,
    Duration step,
    double[] kwh,
    double gpuKwh,
    double hostKwh,
    boolean measured,
    HostShare hostShare,
    String source) {

  public EnergyProfile {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(hostShare, "hostShare");
    kwh = kwh.clone();
  }

  /** The same run with {@code kwh} its intervals' energy and {@code hostKwh} its host's share. */
  public EnergyProfile withHost(double[] kwh, double hostKwh, HostShare share, String source) {
    return new EnergyProfile(start, step, kwh, gpuKwh, hostKwh, measured, share, source);
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
    return new EnergyProfile(start, step, drawn, gpuKwh, hostKwh, measured, hostShare, source);
  }

  /**
   * The same profile started at {@code newStart}: the counterfactual of running at another time.
   */
  public EnergyProfile shiftedTo(Instant newStart) {
    return new EnergyProfile(newStart, step, kwh, gpuKwh, hostKwh, measured, hostShare, source);
  }
}
