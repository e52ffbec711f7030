package io.carbonq.forecasts.trace;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.api.UnknownZoneException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The last resort: a flat series at a zone's published annual average. It knows the level of a grid
 * but nothing of its daily cycle, so it can move work between regions but never in time.
 */
public final class AnnualAverageSource implements ForecastSource {
  public static final String ID = "annual-average";
  private static final String RESOURCE = "/io/carbonq/forecasts/trace/annual-averages.csv";

  private record Average(double gramsPerKwh, String label) {}

  private final Map<String, Average> averages;

  private AnnualAverageSource(Map<String, Average> averages) {
    this.averages = averages;
  }

  /** The bundled averages (Google Cloud region-carbon-info 2024; Cloud Carbon Footprint). */
  public static AnnualAverageSource bundled() {
    Map<String, Average> averages = new TreeMap<>();
    for (String[] row : TraceLibrary.readCsv(RESOURCE)) {
      String label = label(row[2], row[3]);
      averages.put(row[0], new Average(Double.parseDouble(row[1]), label));
    }
    return new AnnualAverageSource(averages);
  }

  /** Names the average and where it comes from, e.g. {@code annual-average 2024 (Google ...)}. */
  private static String label(String year, String origin) {
    String prefix = year.isEmpty() ? "annual-average" : "annual-average " + year;
    if (origin.startsWith("gcp:")) {
      return prefix + " (Google Cloud region-carbon-info, " + origin.substring(4) + ")";
    }
    if (origin.startsWith("ccf:aws:")) {
      return prefix + " (Cloud Carbon Footprint factor of AWS " + origin.substring(8) + ")";
    }
    return prefix + " (" + origin + ")";
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> zones() {
    return averages.keySet();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    return flat(zone, issuedAt, issuedAt.plus(horizon), DataKind.FORECAST);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    return flat(zone, from, to, DataKind.ACTUAL);
  }

  private IntensitySeries flat(String zone, Instant from, Instant to, DataKind kind) {
    Average average = averages.get(zone);
    if (average == null) {
      throw new UnknownZoneException(ID, zone, averages.keySet());
    }
    Instant first = from.truncatedTo(ChronoUnit.HOURS);
    long hours = Math.max(1, (Duration.between(first, to).toMinutes() + 59) / 60);
    double[] values = new double[(int) hours];
    Arrays.fill(values, average.gramsPerKwh());
    return new IntensitySeries(
        zone, first, Duration.ofHours(1), values, SignalKind.AVERAGE, kind, average.label());
  }
}
