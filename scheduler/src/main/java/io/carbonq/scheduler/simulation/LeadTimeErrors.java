package io.carbonq.scheduler.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Mean absolute error of real forecasts by lead time, in gCO2e/kWh, measured on the UK Carbon
 * Intensity API's national 48-hour forecasts of 14-19 March 2023 against the outturn: under 6 h,
 * 6-24 h, and 24 h or more (the last band also covers leads beyond 48 h). Absolute rather than
 * relative, so that a flat grid is not given errors in proportion to its level.
 */
public record LeadTimeErrors(
    double underSixHoursGramsPerKwh, double sixToDayGramsPerKwh, double dayOrMoreGramsPerKwh) {
  private static final String RESOURCE = "uk_national_forecast_vs_actual_2023-03-14_to_19.csv";

  public double meanAbsoluteGramsPerKwhAt(Duration lead) {
    if (lead.compareTo(Duration.ofHours(6)) < 0) {
      return underSixHoursGramsPerKwh;
    }
    return lead.compareTo(Duration.ofHours(24)) < 0 ? sixToDayGramsPerKwh : dayOrMoreGramsPerKwh;
  }

  /** Measured from the bundled forecast-versus-actual table. */
  public static LeadTimeErrors measuredOnUkForecasts() {
    double[] sums = new double[3];
    int[] counts = new int[3];
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                LeadTimeErrors.class.getResourceAsStream(RESOURCE), StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] cells = line.split(",", -1);
        if (cells[5].isEmpty()) {
          continue;
        }
        long leadMinutes = Long.parseLong(cells[3]);
        int band = leadMinutes < 360 ? 0 : leadMinutes < 1440 ? 1 : 2;
        double forecast = Double.parseDouble(cells[4]);
        double actual = Double.parseDouble(cells[5]);
        sums[band] += Math.abs(forecast - actual);
        counts[band]++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LeadTimeErrors(sums[0] / counts[0], sums[1] / counts[1], sums[2] / counts[2]);
  }
}
