package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.scheduler.simulation.ForecastVintages.Vintage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The errors of F4 forecasts, gCO2e/kWh, to add to the actual: the real GB vintages replayed where
 * they apply, and elsewhere errors drawn from the model fitted to them, its bias and spread scaled
 * by the zone's {@link DayToDaySwing} over GB's. Deterministic for (seed, series, issue time),
 * whatever was asked before. Thread-safe.
 */
public final class VintageForecastErrors {
  private static final long SECONDS_PER_HOUR = 3600;

  private final VintageReplay replay;
  private final VintageErrorModel model;
  private final double referenceSwingGramsPerKwh;
  private final long seed;
  private final Map<SeriesKey, ForecastErrorField> fields = new ConcurrentHashMap<>();
  private final Map<IntensitySeries, Double> scales =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * {@code referenceSwingGramsPerKwh}: the day-to-day swing of the grid the vintages forecast, that
   * of a zone is measured against.
   */
  public VintageForecastErrors(
      ForecastVintages vintages,
      VintageErrorModel model,
      double referenceSwingGramsPerKwh,
      long seed) {
    if (!(referenceSwingGramsPerKwh > 0)) {
      throw new IllegalArgumentException(
          "reference swing must be positive, got " + referenceSwingGramsPerKwh);
    }
    this.replay = new VintageReplay(vintages);
    this.model = model;
    this.referenceSwingGramsPerKwh = referenceSwingGramsPerKwh;
    this.seed = seed;
  }

  /**
   * The bundled GB vintages and the model fitted to them, zones measured against GB's 2023 trace:
   * the swing over a whole year, of the same source as the zones' traces, rather than over the 3.6
   * days of the vintages, whose few day-to-day changes would make a noisy yardstick.
   */
  public static VintageForecastErrors measuredOnUk(long seed) {
    return new VintageForecastErrors(
        ForecastVintages.ukNational(),
        VintageErrorModel.fittedOnUkVintages(),
        GbReference.SWING_GRAMS_PER_KWH,
        seed);
  }

  private static final class GbReference {
    static final double SWING_GRAMS_PER_KWH = DayToDaySwing.gramsPerKwh(gb2023());

    private static IntensitySeries gb2023() {
      Instant year = Instant.parse("2023-01-01T00:00:00Z");
      return new TraceForecastSource(TraceLibrary.bundled())
          .actuals(VintageReplay.ZONE, year, year.plus(Duration.ofDays(365)));
    }
  }

  /** The factor on the model's bias and spread for the zone of {@code actual}. */
  public double scale(IntensitySeries actual) {
    return DayToDaySwing.gramsPerKwh(actual) / referenceSwingGramsPerKwh;
  }

  /**
   * The errors of the forecast issued at {@code issuedAt} for the {@code count} periods of {@code
   * actual} from {@code first}.
   */
  double[] errors(IntensitySeries actual, Instant issuedAt, int first, int count) {
    double[] errors = modelled(actual, issuedAt, first, count);
    replay
        .vintageFor(actual.zone(), issuedAt)
        .ifPresent(vintage -> replayInto(errors, vintage, actual, first));
    return errors;
  }

  private double[] modelled(IntensitySeries actual, Instant issuedAt, int first, int count) {
    double[] errors = new double[count];
    if (count == 0) {
      return errors;
    }
    double scale = scales.computeIfAbsent(actual, this::scale);
    long firstTarget = hourOf(actual.timeOf(first));
    long lastTarget = hourOf(actual.timeOf(first + count - 1));
    double[] z =
        fields
            .computeIfAbsent(SeriesKey.of(actual), key -> field(actual))
            .values(hourOf(issuedAt), firstTarget, Math.toIntExact(lastTarget - firstTarget + 1));
    long issuedSecond = issuedAt.getEpochSecond();
    long firstSecond = actual.timeOf(first).getEpochSecond();
    long stepSeconds = actual.step().getSeconds();
    for (int i = 0; i < count; i++) {
      long fromSecond = firstSecond + i * stepSeconds;
      double leadHours = Math.max(0, (fromSecond - issuedSecond) / (double) SECONDS_PER_HOUR);
      double unit = z[(int) (Math.floorDiv(fromSecond, SECONDS_PER_HOUR) - firstTarget)];
      errors[i] =
          scale * (model.biasGramsPerKwh(leadHours) + model.sdGramsPerKwh(leadHours) * unit);
    }
    return errors;
  }

  /**
   * Puts the vintage's error in place of the model's for every period it covers. Its error rather
   * than its value: the simulator charges Electricity Maps' GB intensity, which ran about 20 g
   * below the NESO figure the vintages forecast (125 against 146 g on average over those days), and
   * that difference of definition is no forecast error.
   */
  private static void replayInto(
      double[] errors, Vintage vintage, IntensitySeries actual, int first) {
    for (int i = 0; i < errors.length; i++) {
      Instant from = actual.timeOf(first + i);
      int index = i;
      VintageReplay.errorGramsPerKwh(vintage, from, from.plus(actual.step()))
          .ifPresent(error -> errors[index] = error);
    }
  }

  private ForecastErrorField field(IntensitySeries actual) {
    long originHour = hourOf(actual.start());
    int hours = Math.toIntExact(hourOf(actual.end()) - originHour + 1);
    return new ForecastErrorField(model, seed, actual.zone(), originHour, hours);
  }

  private static long hourOf(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), SECONDS_PER_HOUR);
  }

  /** What a field depends on besides the seed: the zone and the span of its series. */
  private record SeriesKey(String zone, Instant start, Duration step, int size) {
    static SeriesKey of(IntensitySeries series) {
      return new SeriesKey(series.zone(), series.start(), series.step(), series.size());
    }
  }
}
