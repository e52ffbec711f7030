package io.carbonq.forecasts.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Grid carbon intensity of one zone as a piecewise-constant series: value {@code i} holds for
 * {@code [start + i·step, start + (i+1)·step)}. Times are UTC instants, values gCO2e/kWh, and a
 * period with no data is {@link Double#NaN} (a gap, never zero carbon). Immutable and thread-safe.
 */
public final class IntensitySeries {
  private final String zone;
  private final Instant start;
  private final Duration step;
  private final double[] gramsPerKwh;
  private final SignalKind signal;
  private final DataKind kind;
  private final String source;
  private final List<SeriesPart> parts;

  public IntensitySeries(
      String zone,
      Instant start,
      Duration step,
      double[] gramsPerKwh,
      SignalKind signal,
      DataKind kind,
      String source) {
    this(zone, start, step, gramsPerKwh, signal, kind, source, null);
  }

  /**
   * A series stitched from several sources; {@code parts} must start at {@code start} and be in
   * time order (null for one part from {@code source}).
   */
  public IntensitySeries(
      String zone,
      Instant start,
      Duration step,
      double[] gramsPerKwh,
      SignalKind signal,
      DataKind kind,
      String source,
      List<SeriesPart> parts) {
    this.zone = requireText(zone, "zone");
    this.start = Objects.requireNonNull(start, "start");
    this.step = Objects.requireNonNull(step, "step");
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive, got " + step);
    }
    this.gramsPerKwh = gramsPerKwh.clone();
    for (int i = 0; i < this.gramsPerKwh.length; i++) {
      double value = this.gramsPerKwh[i];
      if (value < 0 || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            "zone " + zone + ": intensity at " + timeOf(i) + " must be >= 0, got " + value);
      }
    }
    this.signal = Objects.requireNonNull(signal, "signal");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.source = requireText(source, "source");
    this.parts = parts == null ? List.of(new SeriesPart(start, source)) : List.copyOf(parts);
    if (this.parts.isEmpty() || !this.parts.get(0).from().equals(start)) {
      throw new IllegalArgumentException("the first part must start at the series start " + start);
    }
    for (int i = 1; i < this.parts.size(); i++) {
      if (!this.parts.get(i).from().isAfter(this.parts.get(i - 1).from())) {
        throw new IllegalArgumentException("parts must be in time order: " + this.parts);
      }
    }
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  public String zone() {
    return zone;
  }

  public Instant start() {
    return start;
  }

  public Duration step() {
    return step;
  }

  /** The end of the last period (exclusive). */
  public Instant end() {
    return timeOf(gramsPerKwh.length);
  }

  public int size() {
    return gramsPerKwh.length;
  }

  public SignalKind signal() {
    return signal;
  }

  public DataKind kind() {
    return kind;
  }

  /** Where the data came from, e.g. {@code electricitymaps-trace (2023, replayed)}. */
  public String source() {
    return source;
  }

  /** The start of period {@code index}. */
  public Instant timeOf(int index) {
    return start.plus(step.multipliedBy(index));
  }

  /** The value of period {@code index}, NaN for a gap. */
  public double gramsPerKwh(int index) {
    return gramsPerKwh[index];
  }

  /** The value in force at {@code time}, NaN outside the series or in a gap. */
  public double gramsPerKwhAt(Instant time) {
    if (time.isBefore(start) || !time.isBefore(end())) {
      return Double.NaN;
    }
    return gramsPerKwh[(int) (Duration.between(start, time).toNanos() / step.toNanos())];
  }

  /**
   * The time-weighted mean over {@code [from, to)}, or NaN when any part of it has no data. This is
   * the rolling-window average of the Carbon Aware SDK, for windows of any alignment.
   */
  public double meanGramsPerKwh(Instant from, Instant to) {
    if (!to.isAfter(from) || from.isBefore(start) || to.isAfter(end())) {
      return Double.NaN;
    }
    long stepNanos = step.toNanos();
    long fromNanos = Duration.between(start, from).toNanos();
    long toNanos = Duration.between(start, to).toNanos();
    double weighted = 0;
    for (int i = (int) (fromNanos / stepNanos); i * stepNanos < toNanos; i++) {
      long overlap = Math.min(toNanos, (i + 1) * stepNanos) - Math.max(fromNanos, i * stepNanos);
      weighted += gramsPerKwh[i] * overlap;
    }
    return weighted / (toNanos - fromNanos);
  }

  /** Which source produced which stretch; one part when a single source did. */
  public List<SeriesPart> parts() {
    return parts;
  }

  /**
   * A copy with another label, e.g. to say which fallback step produced it; a single part is
   * relabelled with it, the parts of a stitched series are kept.
   */
  public IntensitySeries withSource(String newSource) {
    List<SeriesPart> newParts =
        parts.size() == 1 ? List.of(new SeriesPart(start, newSource)) : parts;
    return new IntensitySeries(zone, start, step, gramsPerKwh, signal, kind, newSource, newParts);
  }

  /** A copy of the values. */
  public double[] values() {
    return gramsPerKwh.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IntensitySeries that
        && zone.equals(that.zone)
        && start.equals(that.start)
        && step.equals(that.step)
        && Arrays.equals(gramsPerKwh, that.gramsPerKwh)
        && signal == that.signal
        && kind == that.kind
        && source.equals(that.source)
        && parts.equals(that.parts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(zone, start, step, Arrays.hashCode(gramsPerKwh), signal, kind, source);
  }

  @Override
  public String toString() {
    return "IntensitySeries[" + zone + " " + start + "+" + size() + "x" + step + " " + source + "]";
  }
}
