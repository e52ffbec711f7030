package io.carbonq.scheduler.simulation;

import java.util.SplittableRandom;

/**
 * How the errors of one forecast hang together from hour to hour: a stationary second-order
 * autoregression with unit variance and the given correlations at lags of one and two hours (the
 * Yule-Walker fit). Two lags rather than one because real errors lose their correlation faster than
 * an exponential decay allows: the GB vintages give 0.89 at 1 h, 0.69 at 2 h, 0.50 at 3 h and about
 * 0 at 6 h, which this fit follows, where one lag of 0.89 would still give 0.5 at 6 h.
 */
public record PeriodCorrelation(double lagOneHour, double lagTwoHours) {
  public PeriodCorrelation {
    double phi1 = lagOneHour * (1 - lagTwoHours) / (1 - lagOneHour * lagOneHour);
    double phi2 = (lagTwoHours - lagOneHour * lagOneHour) / (1 - lagOneHour * lagOneHour);
    if (!(Math.abs(lagOneHour) < 1 && phi2 > -1 && phi1 + phi2 < 1 && phi2 - phi1 < 1)) {
      throw new IllegalArgumentException(
          "hourly correlations "
              + lagOneHour
              + " and "
              + lagTwoHours
              + " admit no stationary process");
    }
  }

  /** The weight of the previous hour. */
  public double phi1() {
    return lagOneHour * (1 - lagTwoHours) / (1 - lagOneHour * lagOneHour);
  }

  /** The weight of the hour before it. */
  public double phi2() {
    return (lagTwoHours - lagOneHour * lagOneHour) / (1 - lagOneHour * lagOneHour);
  }

  /** The correlation of two hours {@code lagHours} apart. */
  public double at(int lagHours) {
    if (lagHours == 0) {
      return 1;
    }
    double before = 1;
    double current = lagOneHour;
    for (int lag = 2; lag <= lagHours; lag++) {
      double next = phi1() * current + phi2() * before;
      before = current;
      current = next;
    }
    return current;
  }

  /** Fills {@code values} with one stationary run of the process, hour after hour. */
  public void fill(double[] values, SplittableRandom random) {
    if (values.length == 0) {
      return;
    }
    values[0] = Gaussian.draw(random);
    if (values.length == 1) {
      return;
    }
    values[1] =
        lagOneHour * values[0] + Math.sqrt(1 - lagOneHour * lagOneHour) * Gaussian.draw(random);
    double phi1 = phi1();
    double phi2 = phi2();
    double innovation = Math.sqrt(1 - phi1 * lagOneHour - phi2 * lagTwoHours);
    for (int i = 2; i < values.length; i++) {
      values[i] = phi1 * values[i - 1] + phi2 * values[i - 2] + innovation * Gaussian.draw(random);
    }
  }
}
