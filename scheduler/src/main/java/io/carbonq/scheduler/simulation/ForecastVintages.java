package io.carbonq.scheduler.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Real forecasts as they were issued: the GB national 48-hour carbon-intensity forecast of the NESO
 * Carbon Intensity API captured every half hour from 14 March 2023 03:00Z to 17 March 2023 17:30Z,
 * each half hour beside the outturn published within a day (data © NESO, CC BY 4.0, collected by
 * nmpowell/carbon-intensity-forecast-tracking). Six issue slots are missing and the vintages issued
 * after 15 March 18:00Z end early, at the last period captured. Immutable.
 */
public final class ForecastVintages {
  /** The length of a forecast period, and the time between issues. */
  public static final Duration PERIOD = Duration.ofMinutes(30);

  private static final String RESOURCE = "uk_national_vintages_2023-03-14_2023-03-17.csv.gz";

  /**
   * One issue: forecast and actual, gCO2e/kWh, for consecutive half hours from the issue time (lead
   * 0 is the half hour under way); an actual not captured is NaN.
   */
  public static final class Vintage {
    private final Instant issuedAt;
    private final double[] forecastGramsPerKwh;
    private final double[] actualGramsPerKwh;

    Vintage(Instant issuedAt, double[] forecastGramsPerKwh, double[] actualGramsPerKwh) {
      if (forecastGramsPerKwh.length != actualGramsPerKwh.length) {
        throw new IllegalArgumentException(
            "vintage " + issuedAt + ": forecasts and actuals differ in length");
      }
      this.issuedAt = issuedAt;
      this.forecastGramsPerKwh = forecastGramsPerKwh.clone();
      this.actualGramsPerKwh = actualGramsPerKwh.clone();
    }

    public Instant issuedAt() {
      return issuedAt;
    }

    /** How many half hours it covers. */
    public int size() {
      return forecastGramsPerKwh.length;
    }

    public Instant periodStart(int lead) {
      return issuedAt.plus(PERIOD.multipliedBy(lead));
    }

    /** The index of the half hour starting at {@code time}, or -1 when not covered. */
    public int leadOf(Instant time) {
      long seconds = Duration.between(issuedAt, time).getSeconds();
      if (seconds < 0 || seconds % PERIOD.getSeconds() != 0) {
        return -1;
      }
      long lead = seconds / PERIOD.getSeconds();
      return lead < size() ? (int) lead : -1;
    }

    /** Forecast minus actual at {@code lead} half hours, NaN where the actual is missing. */
    public double errorGramsPerKwh(int lead) {
      return forecastGramsPerKwh[lead] - actualGramsPerKwh[lead];
    }
  }

  private final List<Vintage> vintages;

  /** {@code vintages} in order of issue. */
  public ForecastVintages(List<Vintage> vintages) {
    if (vintages.isEmpty()) {
      throw new IllegalArgumentException("no forecast vintages");
    }
    for (int i = 1; i < vintages.size(); i++) {
      if (!vintages.get(i).issuedAt().isAfter(vintages.get(i - 1).issuedAt())) {
        throw new IllegalArgumentException(
            "vintages must be in order of issue: " + vintages.get(i).issuedAt());
      }
    }
    this.vintages = List.copyOf(vintages);
  }

  /** The bundled GB vintages, read once. */
  public static ForecastVintages ukNational() {
    return Bundled.VINTAGES;
  }

  private static final class Bundled {
    static final ForecastVintages VINTAGES = read();

    private static ForecastVintages read() {
      try (InputStream in = ForecastVintages.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        return ForecastVintages.read(new GZIPInputStream(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Reads the CSV {@code issued_at,period_start,lead_h,forecast_g,actual_g}, one row per (issue,
   * period), the periods of an issue consecutive from lead 0.
   */
  static ForecastVintages read(InputStream csv) throws IOException {
    Map<Instant, List<double[]>> rowsByIssue = new LinkedHashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
    reader.readLine();
    int lineNumber = 1;
    String issueText = "";
    Instant issuedAt = null;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      String[] cells = line.split(",", -1);
      if (!cells[0].equals(issueText)) {
        issueText = cells[0];
        issuedAt = Instant.parse(issueText);
      }
      List<double[]> rows = rowsByIssue.computeIfAbsent(issuedAt, issue -> new ArrayList<>());
      Instant expected = issuedAt.plus(PERIOD.multipliedBy(rows.size()));
      if (!expected.equals(Instant.parse(cells[1]))) {
        throw new IllegalStateException(
            RESOURCE + " line " + lineNumber + ": period " + cells[1] + ", expected " + expected);
      }
      double actual = cells[4].isEmpty() ? Double.NaN : Double.parseDouble(cells[4]);
      rows.add(new double[] {Double.parseDouble(cells[3]), actual});
    }
    List<Vintage> vintages = new ArrayList<>();
    rowsByIssue.forEach(
        (issue, rows) ->
            vintages.add(
                new Vintage(
                    issue,
                    rows.stream().mapToDouble(row -> row[0]).toArray(),
                    rows.stream().mapToDouble(row -> row[1]).toArray())));
    return new ForecastVintages(vintages);
  }

  public List<Vintage> vintages() {
    return vintages;
  }

  public Instant firstIssue() {
    return vintages.get(0).issuedAt();
  }

  public Instant lastIssue() {
    return vintages.get(vintages.size() - 1).issuedAt();
  }

  /** The most recent vintage issued at or before {@code time}, if any. */
  public Optional<Vintage> latestIssuedAtOrBefore(Instant time) {
    Vintage latest = null;
    for (Vintage vintage : vintages) {
      if (vintage.issuedAt().isAfter(time)) {
        break;
      }
      latest = vintage;
    }
    return Optional.ofNullable(latest);
  }

  /** The mean absolute error, gCO2e/kWh, of the periods with a lead in {@code [from, to)}. */
  public double meanAbsoluteErrorGramsPerKwh(Duration from, Duration to) {
    double sum = 0;
    int count = 0;
    for (Vintage vintage : vintages) {
      for (int lead = 0; lead < vintage.size(); lead++) {
        Duration leadTime = PERIOD.multipliedBy(lead);
        double error = vintage.errorGramsPerKwh(lead);
        if (leadTime.compareTo(from) >= 0 && leadTime.compareTo(to) < 0 && !Double.isNaN(error)) {
          sum += Math.abs(error);
          count++;
        }
      }
    }
    return sum / count;
  }
}
