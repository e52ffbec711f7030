package io.carbonq.scheduler.planning;

import io.carbonq.forecasts.api.IntensitySeries;

/**
 * One zone's intensity laid on the slot grid with running integrals, so the time-weighted mean over
 * any window costs O(1): the Carbon Aware SDK's rolling average, for every start at once.
 */
final class IntensityTimeline {
  private final IntensitySeries series;
  private final long stepSeconds;
  private final double[] gramsPerKwh;
  private final double[] integral;
  private final int[] gapsBefore;

  private IntensityTimeline(IntensitySeries series, SlotGrid grid) {
    this.series = series;
    this.stepSeconds = grid.stepSeconds();
    this.gramsPerKwh = new double[grid.slots()];
    this.integral = new double[grid.slots() + 1];
    this.gapsBefore = new int[grid.slots() + 1];
    for (int slot = 0; slot < grid.slots(); slot++) {
      double value =
          series.meanGramsPerKwh(
              grid.at(grid.startOf(slot)), grid.at(grid.startOf(slot) + stepSeconds));
      boolean gap = Double.isNaN(value);
      gramsPerKwh[slot] = gap ? 0 : value;
      integral[slot + 1] = integral[slot] + gramsPerKwh[slot] * stepSeconds;
      gapsBefore[slot + 1] = gapsBefore[slot] + (gap ? 1 : 0);
    }
  }

  static IntensityTimeline on(SlotGrid grid, IntensitySeries series) {
    return new IntensityTimeline(series, grid);
  }

  IntensitySeries series() {
    return series;
  }

  /** The mean over {@code [from, to)} in seconds after the origin; NaN where data is missing. */
  double mean(long from, long to) {
    int first = (int) (from / stepSeconds);
    int last = (int) ((to - 1) / stepSeconds);
    if (to <= from || last >= gramsPerKwh.length || gapsBefore[last + 1] - gapsBefore[first] > 0) {
      return Double.NaN;
    }
    return (integralAt(to) - integralAt(from)) / (to - from);
  }

  /** The mean over one slot; NaN where data is missing. */
  double at(int slot) {
    if (slot >= gramsPerKwh.length || gapsBefore[slot + 1] > gapsBefore[slot]) {
      return Double.NaN;
    }
    return gramsPerKwh[slot];
  }

  private double integralAt(long offset) {
    int slot = (int) (offset / stepSeconds);
    if (slot >= gramsPerKwh.length) {
      return integral[gramsPerKwh.length];
    }
    return integral[slot] + gramsPerKwh[slot] * (offset - slot * stepSeconds);
  }
}
