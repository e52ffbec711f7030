package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Simulated forecasts made from the actual series: what a scheduler would have been told at {@code
 * issuedAt}. Deterministic: the error of a period depends only on the seed, the zone, the hour of
 * issue and the period (for F4 the series too), not on what was asked before. Thread-safe.
 */
public final class Forecaster {
  private static final double NORMAL_MAE_TO_SIGMA = Math.sqrt(Math.PI / 2);

  private final ForecastMode mode;
  private final long seed;
  private final LeadTimeErrors leadTimeErrors;
  private final Optional<VintageForecastErrors> vintageErrors;

  /** F3 with {@code leadTimeErrors}, F4 with the bundled UK vintages. */
  public Forecaster(ForecastMode mode, long seed, LeadTimeErrors leadTimeErrors) {
    this.mode = mode;
    this.seed = seed;
    this.leadTimeErrors = leadTimeErrors;
    // Only F4 reads the vintages and GB's trace.
    this.vintageErrors =
        mode.equals(ForecastMode.UK_VINTAGES)
            ? Optional.of(VintageForecastErrors.measuredOnUk(seed))
            : Optional.empty();
  }

  public ForecastMode mode() {
    return mode;
  }

  /** The forecast issued at {@code issuedAt} for {@code [issuedAt, issuedAt + horizon)}. */
  public IntensitySeries forecast(IntensitySeries actual, Instant issuedAt, Duration horizon) {
    long stepSeconds = actual.step().getSeconds();
    int first =
        (int)
            Math.max(
                0,
                Math.floorDiv(
                    Duration.between(actual.start(), issuedAt).getSeconds(), stepSeconds));
    int last =
        (int)
            Math.min(
                actual.size(),
                -Math.floorDiv(
                    -Duration.between(actual.start(), issuedAt.plus(horizon)).getSeconds(),
                    stepSeconds));
    double[] values = new double[Math.max(0, last - first)];
    if (mode.equals(ForecastMode.UK_VINTAGES)) {
      double[] errors = vintageErrors.orElseThrow().errors(actual, issuedAt, first, values.length);
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.max(0, actual.gramsPerKwh(first + i) + errors[i]);
      }
    } else {
      long issueHour = Math.floorDiv(issuedAt.getEpochSecond(), 3600);
      for (int i = 0; i < values.length; i++) {
        values[i] = predict(actual, first + i, issuedAt, issueHour);
      }
    }
    return new IntensitySeries(
        actual.zone(),
        actual.timeOf(first),
        actual.step(),
        values,
        actual.signal(),
        DataKind.FORECAST,
        "simulated forecast " + mode + " of " + actual.source());
  }

  private double predict(IntensitySeries actual, int period, Instant issuedAt, long issueHour) {
    double truth = actual.gramsPerKwh(period);
    Instant target = actual.timeOf(period);
    Duration lead = target.isAfter(issuedAt) ? Duration.between(issuedAt, target) : Duration.ZERO;
    return switch (mode.id()) {
      case "F0" -> truth;
      case "F1" -> persistence(actual, period, issuedAt);
      case "F2" ->
          Math.max(
              0,
              truth
                  * (1
                      + noise(actual.zone(), issueHour, period)
                          * mode.mape()
                          * NORMAL_MAE_TO_SIGMA));
      case "F3" ->
          Math.max(
              0,
              truth
                  + noise(actual.zone(), issueHour, period)
                      * leadTimeErrors.meanAbsoluteGramsPerKwhAt(lead)
                      * NORMAL_MAE_TO_SIGMA);
      default -> throw new IllegalStateException("unknown forecast mode " + mode);
    };
  }

  /** The value at the same time of day on the last day already observed at issue time. */
  private static double persistence(IntensitySeries actual, int period, Instant issuedAt) {
    long day = Duration.ofDays(1).getSeconds() / actual.step().getSeconds();
    int observed = period;
    while (observed >= day && !actual.timeOf(observed).isBefore(issuedAt)) {
      observed -= (int) day;
    }
    return actual.gramsPerKwh(observed);
  }

  /** A standard normal draw fixed by (seed, zone, hour of issue, period). */
  private double noise(String zone, long issueHour, int period) {
    long key = seed;
    key = key * 31 + zone.hashCode();
    key = key * 1_000_003 + issueHour;
    key = key * 1_000_033 + period;
    SplittableRandom random = new SplittableRandom(key);
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
