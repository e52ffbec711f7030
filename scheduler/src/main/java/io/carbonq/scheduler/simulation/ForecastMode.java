package io.carbonq.scheduler.simulation;

/**
 * How the simulated forecasts err. F0 perfect; F1 persistence (the same hour on the last day
 * observed); F2 the actual times (1 + ε), ε normal with the given mean absolute percentage error;
 * F3 the lead-time-dependent absolute errors (gCO2e/kWh) measured on the real UK national
 * forecasts; F4 the real UK forecast vintages replayed where they apply, elsewhere errors from a
 * model fitted to them (see {@link VintageForecastErrors}).
 */
public record ForecastMode(String id, double mape) {
  public static final ForecastMode PERFECT = new ForecastMode("F0", 0);
  public static final ForecastMode PERSISTENCE = new ForecastMode("F1", 0);
  public static final ForecastMode UK_LEAD_TIME = new ForecastMode("F3", 0);
  public static final ForecastMode UK_VINTAGES = new ForecastMode("F4", 0);

  public static ForecastMode noisy(double mape) {
    if (!(mape > 0 && mape < 1)) {
      throw new IllegalArgumentException("MAPE must be in (0, 1), got " + mape);
    }
    return new ForecastMode("F2", mape);
  }

  /** F0, F1, F3, F4, or F2 with its MAPE in percent: {@code F2:10}. */
  public static ForecastMode parse(String text) {
    return switch (text) {
      case "F0" -> PERFECT;
      case "F1" -> PERSISTENCE;
      case "F3" -> UK_LEAD_TIME;
      case "F4" -> UK_VINTAGES;
      default -> {
        if (text.startsWith("F2:")) {
          try {
            yield noisy(Double.parseDouble(text.substring(3)) / 100);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "F2 takes a MAPE in percent, e.g. F2:10; got " + text);
          }
        }
        throw new IllegalArgumentException(
            "forecast mode must be F0, F1, F2:<MAPE %>, F3 or F4, got " + text);
      }
    };
  }

  @Override
  public String toString() {
    return id.equals("F2") ? "F2:" + Math.round(mape * 100) : id;
  }
}
