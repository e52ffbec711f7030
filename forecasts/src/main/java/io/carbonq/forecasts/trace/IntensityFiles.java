package io.carbonq.forecasts.trace;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Measured intensity from files a user brings, one series per zone: the two-column format carbonq
 * bundles ({@code datetime_utc,gco2eq_per_kwh}, the zone from the file name, e.g. {@code
 * DE_2023.csv}) and Electricity Maps' hourly dataset CSV (the zone from its {@code Zone Id} column,
 * the direct intensity). Files may be gzipped; a directory stands for the {@code .csv} and {@code
 * .csv.gz} files in it. Several files of one zone (years) join into one series; an hour missing
 * inside a file or between files takes the value before it, and is counted.
 */
public final class IntensityFiles {
  private static final String EM_TIME = "Datetime (UTC)";
  private static final String EM_ZONE = "Zone Id";
  private static final String EM_DIRECT = "(direct)";

  static final double MAX_GRAMS_PER_KWH = 5000;

  /** The series read, by zone, and how many missing periods were filled per zone. */
  public record Read(Map<String, IntensitySeries> byZone, Map<String, Integer> filled) {}

  private record Row(Instant time, double value) {}

  private IntensityFiles() {}

  public static Read read(List<Path> paths) {
    Map<String, List<List<Row>>> parts = new TreeMap<>();
    for (Path file : files(paths)) {
      readFile(file)
          .forEach((zone, rows) -> parts.computeIfAbsent(zone, z -> new ArrayList<>()).add(rows));
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(
          "no intensity data in " + paths + ": give .csv or .csv.gz files, or directories of them");
    }
    Map<String, IntensitySeries> byZone = new TreeMap<>();
    Map<String, Integer> filled = new TreeMap<>();
    parts.forEach(
        (zone, files) -> {
          List<Row> rows = new ArrayList<>();
          files.stream()
              .sorted((a, b) -> a.get(0).time().compareTo(b.get(0).time()))
              .forEach(rows::addAll);
          int[] gaps = new int[1];
          byZone.put(zone, series(zone, rows, gaps));
          filled.put(zone, gaps[0]);
        });
    return new Read(byZone, filled);
  }

  private static List<Path> files(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> listing = Files.list(path)) {
          listing.filter(IntensityFiles::isCsv).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException("listing " + path, e);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new IllegalArgumentException("no such intensity file or directory: " + path);
      }
    }
    return files;
  }

  private static boolean isCsv(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".csv") || name.endsWith(".csv.gz");
  }

  /** The zone(s) of one file and their rows, in the file's order. */
  private static Map<String, List<Row>> readFile(Path file) {
    try (BufferedReader reader = open(file)) {
      String header = reader.readLine();
      while (header != null && (header.isBlank() || header.startsWith("#"))) {
        header = reader.readLine();
      }
      if (header == null) {
        throw new IllegalArgumentException(file + " is empty");
      }
      List<String> columns = List.of(header.replace("\uFEFF", "").split(",", -1));
      Map<String, List<Row>> rows = new TreeMap<>();
      int timeColumn;
      int valueColumn;
      int zoneColumn;
      if (columns.get(0).equals(EM_TIME)) {
        timeColumn = 0;
        zoneColumn = columns.indexOf(EM_ZONE);
        valueColumn = indexContaining(columns, EM_DIRECT);
        if (zoneColumn < 0 || valueColumn < 0) {
          throw new IllegalArgumentException(
              file
                  + ": an Electricity Maps CSV needs the columns '"
                  + EM_ZONE
                  + "' and 'Carbon Intensity gCO₂eq/kWh (direct)'");
        }
      } else if (columns.size() == 2) {
        timeColumn = 0;
        valueColumn = 1;
        zoneColumn = -1;
      } else {
        throw new IllegalArgumentException(
            file
                + ": unknown format; expected 'datetime_utc,gco2eq_per_kwh' or an Electricity Maps"
                + " hourly CSV (first column '"
                + EM_TIME
                + "'), got header '"
                + header
                + "'");
      }
      String fileZone = zoneFromName(file);
      int lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split(",", -1);
        String where = file + " line " + lineNumber;
        if (cells.length <= Math.max(valueColumn, zoneColumn)) {
          throw new IllegalArgumentException(where + ": expected " + columns.size() + " columns");
        }
        String zone = zoneColumn < 0 ? fileZone : cells[zoneColumn].trim();
        Instant time = time(cells[timeColumn].trim(), where);
        String value = cells[valueColumn].trim();
        if (value.isEmpty()) {
          // An empty value is a missing hour: filled like one left out.
          continue;
        }
        double grams;
        try {
          grams = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + ": intensity '" + value + "' is not a number");
        }
        // No grid has emitted more than about 1,500 g/kWh (lignite alone is near 1,100).
        if (!(grams >= 0) || grams > MAX_GRAMS_PER_KWH) {
          throw new IllegalArgumentException(
              where
                  + ": intensity must be between 0 and "
                  + (int) MAX_GRAMS_PER_KWH
                  + " g/kWh, got "
                  + value);
        }
        rows.computeIfAbsent(zone, z -> new ArrayList<>()).add(new Row(time, grams));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static int indexContaining(List<String> columns, String text) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code DE_2023.csv}, {@code DE_2023_hourly.csv.gz} and {@code DE.csv} all name zone DE. */
  static String zoneFromName(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.csv(\\.gz)?$", "");
    return name.replaceFirst("_hourly$", "").replaceFirst("_(19|20)\\d\\d$", "");
  }

  /** ISO instants ({@code 2023-01-01T00:00Z}) or {@code 2023-01-01 00:00:00}, UTC. */
  private static Instant time(String text, String where) {
    try {
      if (text.endsWith("Z")) {
        String body = text.substring(0, text.length() - 1);
        return LocalDateTime.parse(body).toInstant(ZoneOffset.UTC);
      }
      return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + ": time '" + text + "' is not UTC like 2023-01-01T00:00Z or 2023-01-01 00:00:00");
    }
  }

  /**
   * One regular series from rows in time order: the step is the shortest gap between rows (it must
   * divide an hour); a period left out takes the value before it.
   */
  private static IntensitySeries series(String zone, List<Row> rows, int[] filled) {
    if (rows.size() < 2) {
      throw new IllegalArgumentException("zone " + zone + ": needs at least two periods of data");
    }
    long step = Long.MAX_VALUE;
    for (int i = 1; i < rows.size(); i++) {
      long gap = Duration.between(rows.get(i - 1).time(), rows.get(i).time()).getSeconds();
      if (gap <= 0) {
        throw new IllegalArgumentException(
            "zone "
                + zone
                + ": "
                + rows.get(i).time()
                + " comes after "
                + rows.get(i - 1).time()
                + "; periods must be in time order, once each");
      }
      step = Math.min(step, gap);
    }
    if (3600 % step != 0) {
      throw new IllegalArgumentException(
          "zone " + zone + ": the data's step (" + step + " s) must divide an hour");
    }
    Instant start = rows.get(0).time();
    long periods =
        Duration.between(start, rows.get(rows.size() - 1).time()).getSeconds() / step + 1;
    double[] values = new double[(int) periods];
    int next = 0;
    for (int i = 0; i < values.length; i++) {
      Instant time = start.plusSeconds(i * step);
      if (next < rows.size() && rows.get(next).time().equals(time)) {
        values[i] = rows.get(next++).value();
      } else if (next < rows.size() && rows.get(next).time().isBefore(time)) {
        throw new IllegalArgumentException(
            "zone " + zone + ": " + rows.get(next).time() + " is off the " + step + " s grid");
      } else {
        values[i] = values[i - 1];
        filled[0]++;
      }
    }
    return new IntensitySeries(
        zone,
        start,
        Duration.ofSeconds(step),
        values,
        SignalKind.AVERAGE,
        DataKind.ACTUAL,
        "intensity file");
  }
}
