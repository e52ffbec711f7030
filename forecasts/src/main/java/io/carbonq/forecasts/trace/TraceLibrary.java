package io.carbonq.forecasts.trace;

import io.carbonq.forecasts.api.ForecastException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hourly Electricity Maps traces bundled on the class path, loaded on first use of each zone.
 * Thread-safe.
 */
public final class TraceLibrary {
  private static final String ROOT = "/io/carbonq/forecasts/trace/electricitymaps/";

  private final Map<String, Map<Integer, String>> filesByZoneAndYear;
  private final Map<String, List<HourlyTrace>> loaded = new ConcurrentHashMap<>();

  private TraceLibrary(Map<String, Map<Integer, String>> filesByZoneAndYear) {
    this.filesByZoneAndYear = filesByZoneAndYear;
  }

  /** The traces that ship with carbonq. */
  public static TraceLibrary bundled() {
    Map<String, Map<Integer, String>> files = new TreeMap<>();
    for (String[] row : readCsv(ROOT + "index.csv")) {
      files.computeIfAbsent(row[0], zone -> new TreeMap<>()).put(Integer.parseInt(row[1]), row[2]);
    }
    return new TraceLibrary(files);
  }

  public Set<String> zones() {
    return filesByZoneAndYear.keySet();
  }

  /** Whether a trace of {@code zone} for {@code year} is bundled (not a replay of another year). */
  public boolean hasYear(String zone, int year) {
    return filesByZoneAndYear.getOrDefault(zone, Map.of()).containsKey(year);
  }

  /** Every year bundled for {@code zone}, oldest first; empty for an unknown zone. */
  List<HourlyTrace> traces(String zone) {
    if (!filesByZoneAndYear.containsKey(zone)) {
      return List.of();
    }
    return loaded.computeIfAbsent(zone, this::load);
  }

  private List<HourlyTrace> load(String zone) {
    List<HourlyTrace> traces = new ArrayList<>();
    filesByZoneAndYear
        .get(zone)
        .forEach((year, file) -> traces.add(parse(zone, year, readCsv(ROOT + file))));
    return List.copyOf(traces);
  }

  private static HourlyTrace parse(String zone, int year, List<String[]> rows) {
    double[] values = new double[rows.size()];
    Instant expected = LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    for (int i = 0; i < values.length; i++) {
      Instant time = Instant.parse(rows.get(i)[0].replace("Z", ":00Z"));
      if (!time.equals(expected)) {
        throw new ForecastException(
            "trace "
                + zone
                + " "
                + year
                + ": row "
                + (i + 2)
                + " is "
                + time
                + ", expected "
                + expected);
      }
      values[i] = Double.parseDouble(rows.get(i)[1]);
      expected = expected.plusSeconds(3600);
    }
    return new HourlyTrace(zone, year, values);
  }

  /** Rows after the header, skipping '#' comment lines. */
  static List<String[]> readCsv(String resource) {
    InputStream in = TraceLibrary.class.getResourceAsStream(resource);
    if (in == null) {
      throw new ForecastException("bundled trace resource missing: " + resource);
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String[]> rows = new ArrayList<>();
      boolean header = true;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        rows.add(line.split(",", -1));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
