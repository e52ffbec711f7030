package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.simulation.ForecastVintages.Vintage;
import java.time.Duration;

/**
 * Forecast errors as real forecast vintages show them. At a lead of ℓ hours the error, gCO2e/kWh,
 * is {@code bias(ℓ) + sd(ℓ)·z}, where z is a unit-variance Gaussian field over (issue hour, target
 * hour):
 *
 * <ul>
 *   <li>for one target hour through successive issues, z keeps a share {@link #persistentShare()}
 *       that later issues never revise, and the rest is revised with correlation {@link
 *       #revisedIssueCorrelation()} from one hourly issue to the next, so issues {@code Δ} hours
 *       apart correlate {@code w + (1 − w)·ρ^Δ} ({@link #issueCorrelation(int)});
 *   <li>across the hours of one issue, z follows {@link #periodCorrelation()}.
 * </ul>
 *
 * Beyond the longest lead fitted the last lead's bias and spread hold. Immutable.
 */
public final class VintageErrorModel {
  /** Leads are fitted with a centred moving average over this many half hours either side. */
  private static final int SMOOTHING_HALF_WIDTH = 4;

  private final double[] biasGramsPerKwh;
  private final double[] sdGramsPerKwh;
  private final double persistentShare;
  private final double revisedIssueCorrelation;
  private final PeriodCorrelation periodCorrelation;

  /**
   * {@code biasGramsPerKwh} and {@code sdGramsPerKwh} by lead in half hours; the issue correlations
   * per hour between issues.
   */
  public VintageErrorModel(
      double[] biasGramsPerKwh,
      double[] sdGramsPerKwh,
      double persistentShare,
      double revisedIssueCorrelation,
      PeriodCorrelation periodCorrelation) {
    if (biasGramsPerKwh.length == 0 || biasGramsPerKwh.length != sdGramsPerKwh.length) {
      throw new IllegalArgumentException("bias and spread need one value per lead, and as many");
    }
    if (!(persistentShare >= 0 && persistentShare < 1)) {
      throw new IllegalArgumentException(
          "persistent share must be in [0, 1), got " + persistentShare);
    }
    if (!(revisedIssueCorrelation >= 0 && revisedIssueCorrelation < 1)) {
      throw new IllegalArgumentException(
          "revised issue correlation must be in [0, 1), got " + revisedIssueCorrelation);
    }
    this.biasGramsPerKwh = biasGramsPerKwh.clone();
    this.sdGramsPerKwh = sdGramsPerKwh.clone();
    this.persistentShare = persistentShare;
    this.revisedIssueCorrelation = revisedIssueCorrelation;
    this.periodCorrelation = periodCorrelation;
  }

  /** The model fitted to the bundled GB vintages, fitted once. */
  public static VintageErrorModel fittedOnUkVintages() {
    return Fitted.MODEL;
  }

  private static final class Fitted {
    static final VintageErrorModel MODEL = fit(ForecastVintages.ukNational());
  }

  /**
   * Fits the model in four steps: (1) per lead, the mean error and mean absolute error, smoothed
   * over ±2 h of lead; (2) the spread that gives a normal with that mean that mean absolute error,
   * so the model reproduces the measured MAE, the benchmark's yardstick, rather than the standard
   * deviation that a few outliers drive; (3) the correlation of standardised errors across the
   * periods of one issue, 1 h and 2 h apart; (4) across issues for one target period: the plateau
   * of the correlation 12 to 36 hours apart is the share never revised, and the correlation of
   * issues 1 h apart sets how fast the rest is.
   */
  public static VintageErrorModel fit(ForecastVintages vintages) {
    int leads = vintages.vintages().stream().mapToInt(Vintage::size).max().orElseThrow();
    double[] sum = new double[leads];
    double[] sumAbsolute = new double[leads];
    int[] count = new int[leads];
    for (Vintage vintage : vintages.vintages()) {
      for (int lead = 0; lead < vintage.size(); lead++) {
        double error = vintage.errorGramsPerKwh(lead);
        if (!Double.isNaN(error)) {
          sum[lead] += error;
          sumAbsolute[lead] += Math.abs(error);
          count[lead]++;
        }
      }
    }
    double[] bias = new double[leads];
    double[] meanAbsolute = new double[leads];
    for (int lead = 0; lead < leads; lead++) {
      bias[lead] = sum[lead] / count[lead];
      meanAbsolute[lead] = sumAbsolute[lead] / count[lead];
    }
    bias = smoothed(bias);
    meanAbsolute = smoothed(meanAbsolute);
    double[] sd = new double[leads];
    for (int lead = 0; lead < leads; lead++) {
      sd[lead] = Gaussian.sdForMeanAbsolute(bias[lead], meanAbsolute[lead]);
    }
    StandardisedErrors standardised = new StandardisedErrors(vintages, bias, sd);
    PeriodCorrelation periods =
        new PeriodCorrelation(
            standardised.correlation(Duration.ZERO, Duration.ofHours(1)),
            standardised.correlation(Duration.ZERO, Duration.ofHours(2)));
    double plateau = 0;
    for (int hours = 12; hours <= 36; hours++) {
      plateau += standardised.correlation(Duration.ofHours(hours), Duration.ZERO) / 25;
    }
    double nextIssue = standardised.correlation(Duration.ofHours(1), Duration.ZERO);
    return new VintageErrorModel(bias, sd, plateau, (nextIssue - plateau) / (1 - plateau), periods);
  }

  /** A centred moving average whose window narrows at the ends, so the ends stay the ends. */
  private static double[] smoothed(double[] values) {
    double[] smoothed = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      int half = Math.min(SMOOTHING_HALF_WIDTH, Math.min(i, values.length - 1 - i));
      double sum = 0;
      for (int j = i - half; j <= i + half; j++) {
        sum += values[j];
      }
      smoothed[i] = sum / (2 * half + 1);
    }
    return smoothed;
  }

  /** The longest lead fitted, hours. */
  public double maxLeadHours() {
    return (biasGramsPerKwh.length - 1) / 2.0;
  }

  public double biasGramsPerKwh(double leadHours) {
    return interpolated(biasGramsPerKwh, leadHours);
  }

  public double sdGramsPerKwh(double leadHours) {
    return interpolated(sdGramsPerKwh, leadHours);
  }

  /** The mean absolute error the model gives at this lead. */
  public double meanAbsoluteErrorGramsPerKwh(double leadHours) {
    return Gaussian.meanAbsolute(biasGramsPerKwh(leadHours), sdGramsPerKwh(leadHours));
  }

  private static double interpolated(double[] byHalfHour, double leadHours) {
    double index = Math.max(0, Math.min(byHalfHour.length - 1, leadHours * 2));
    int below = (int) Math.floor(index);
    int above = Math.min(byHalfHour.length - 1, below + 1);
    double fraction = index - below;
    return byHalfHour[below] * (1 - fraction) + byHalfHour[above] * fraction;
  }

  /** The share of an error that later issues never revise. */
  public double persistentShare() {
    return persistentShare;
  }

  /** The correlation from one hourly issue to the next of the part that issues do revise. */
  public double revisedIssueCorrelation() {
    return revisedIssueCorrelation;
  }

  /** The correlation of the errors for one target hour from issues {@code hours} apart. */
  public double issueCorrelation(int hours) {
    return persistentShare + (1 - persistentShare) * Math.pow(revisedIssueCorrelation, hours);
  }

  public PeriodCorrelation periodCorrelation() {
    return periodCorrelation;
  }
}
