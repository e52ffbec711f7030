package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.simulation.ForecastVintages.Vintage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The vintages' errors with the bias and spread of their lead taken out, (error − bias) / sd, on a
 * grid of issue and target half hours, to measure how errors correlate across issues and periods.
 */
final class StandardisedErrors {
  private final Instant origin;
  private final Map<Long, double[]> byIssue = new HashMap<>();

  /** {@code bias} and {@code sd}, gCO2e/kWh, by lead in half hours. */
  StandardisedErrors(ForecastVintages vintages, double[] bias, double[] sd) {
    this.origin = vintages.firstIssue();
    for (Vintage vintage : vintages.vintages()) {
      double[] z = new double[vintage.size()];
      for (int lead = 0; lead < z.length; lead++) {
        z[lead] = (vintage.errorGramsPerKwh(lead) - bias[lead]) / sd[lead];
      }
      byIssue.put(halfHours(Duration.between(origin, vintage.issuedAt())), z);
    }
  }

  /**
   * The Pearson correlation between the standardised error of (issue, target) and that of (issue +
   * {@code issueLag}, target + {@code targetLag}), over every such pair present. A zero target lag
   * follows one target period through successive issues; a zero issue lag compares the periods of
   * one forecast.
   */
  double correlation(Duration issueLag, Duration targetLag) {
    long issueSteps = halfHours(issueLag);
    long leadShift = halfHours(targetLag) - issueSteps;
    double n = 0;
    double sumX = 0;
    double sumY = 0;
    double sumXx = 0;
    double sumYy = 0;
    double sumXy = 0;
    for (Map.Entry<Long, double[]> entry : byIssue.entrySet()) {
      double[] later = byIssue.get(entry.getKey() + issueSteps);
      if (later == null) {
        continue;
      }
      double[] earlier = entry.getValue();
      for (int lead = 0; lead < earlier.length; lead++) {
        long laterLead = lead + leadShift;
        if (laterLead < 0 || laterLead >= later.length) {
          continue;
        }
        double x = earlier[lead];
        double y = later[(int) laterLead];
        if (Double.isNaN(x) || Double.isNaN(y)) {
          continue;
        }
        n++;
        sumX += x;
        sumY += y;
        sumXx += x * x;
        sumYy += y * y;
        sumXy += x * y;
      }
    }
    double covariance = sumXy / n - (sumX / n) * (sumY / n);
    double varianceX = sumXx / n - (sumX / n) * (sumX / n);
    double varianceY = sumYy / n - (sumY / n) * (sumY / n);
    return covariance / Math.sqrt(varianceX * varianceY);
  }

  private static long halfHours(Duration duration) {
    return duration.dividedBy(ForecastVintages.PERIOD);
  }
}
