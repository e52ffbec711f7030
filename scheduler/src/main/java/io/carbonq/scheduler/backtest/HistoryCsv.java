package io.carbonq.scheduler.backtest;

import io.carbonq.config.DurationText;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * carbonq's plain history CSV, one job a row, columns by name in any order: {@code submit}, {@code
 * start}, {@code end} (times with an offset, or in the {@code --timezone}), {@code gpus}; optional
 * {@code id}, {@code user}, {@code group}, {@code gpu_model}, {@code time_limit} (a duration),
 * {@code state}, and {@code deadline}, {@code interruptible}, {@code mobile}, which act as the
 * {@code carbonq.io/} labels of the same names.
 */
final class HistoryCsv {
  static final List<String> COLUMNS =
      List.of(
          "id",
          "user",
          "group",
          "submit",
          "start",
          "end",
          "gpus",
          "gpu_model",
          "time_limit",
          "state",
          "deadline",
          "interruptible",
          "mobile");

  private HistoryCsv() {}

  /** Whether {@code header} is this format's: it names submit, start and end. */
  static boolean recognises(String header) {
    List<String> columns = columns(header);
    return columns.contains("submit") && columns.contains("start") && columns.contains("end");
  }

  static History read(String name, String header, BufferedReader reader, ZoneId zone)
      throws IOException {
    List<String> columns = columns(header);
    for (String column : columns) {
      if (!COLUMNS.contains(column)) {
        throw new IllegalArgumentException(
            name
                + ": unknown column '"
                + column
                + "'; a history CSV has "
                + String.join(", ", COLUMNS));
      }
    }
    for (String required : List.of("submit", "start", "end", "gpus")) {
      if (!columns.contains(required)) {
        throw new IllegalArgumentException(name + ": the column '" + required + "' is missing");
      }
    }
    List<HistoryJob> jobs = new ArrayList<>();
    List<History.Skipped> skipped = new ArrayList<>();
    int lineNumber = 1;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String where = name + " line " + lineNumber;
      String[] cells = line.split(",", -1);
      if (cells.length != columns.size()) {
        skipped.add(
            new History.Skipped(
                where, "unreadable", "expected " + columns.size() + " cells, got " + cells.length));
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < cells.length; i++) {
        if (!cells[i].isBlank()) {
          row.put(columns.get(i), cells[i].strip());
        }
      }
      try {
        job(row, "job-" + lineNumber, zone)
            .ifPresentOrElse(
                jobs::add, () -> skipped.add(new History.Skipped(where, "no GPU", "gpus is 0")));
      } catch (IllegalArgumentException e) {
        skipped.add(new History.Skipped(where, "unreadable", e.getMessage()));
      }
    }
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException(
          name
              + ": no GPU job that ran to its end in this history CSV"
              + (skipped.isEmpty()
                  ? ", which has no rows"
                  : "; skipped "
                      + skipped.size()
                      + " rows, the first: "
                      + skipped.get(0).where()
                      + ": "
                      + skipped.get(0).detail()));
    }
    return new History(name, "history CSV", jobs, skipped);
  }

  private static List<String> columns(String header) {
    return Arrays.stream(header.replace("\uFEFF", "").split(",", -1))
        .map(c -> c.strip().toLowerCase(Locale.ROOT))
        .toList();
  }

  private static Optional<HistoryJob> job(Map<String, String> row, String id, ZoneId zone) {
    int gpus;
    try {
      gpus = Integer.parseInt(required(row, "gpus"));
    } catch (NumberFormatException e) {
      // Also a count too large for an int: no job holds that many.
      throw new IllegalArgumentException("gpus '" + row.get("gpus") + "' is not a whole number");
    }
    if (gpus < 0) {
      throw new IllegalArgumentException("gpus must not be negative, got " + gpus);
    }
    if (gpus == 0) {
      return Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (String flag : List.of("deadline", "interruptible", "mobile")) {
      if (row.containsKey(flag)) {
        labels.put("carbonq.io/" + flag, row.get(flag));
      }
    }
    Optional<Duration> limit =
        Optional.ofNullable(row.get("time_limit"))
            .map(
                text ->
                    DurationText.parse(text)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "time_limit '" + text + "': " + DurationText.expected(text))));
    return Optional.of(
        new HistoryJob(
            row.getOrDefault("id", id),
            row.getOrDefault("user", ""),
            row.getOrDefault("group", "default"),
            time("submit", required(row, "submit"), zone),
            time("start", required(row, "start"), zone),
            time("end", required(row, "end"), zone),
            gpus,
            Optional.ofNullable(row.get("gpu_model")),
            limit,
            row.getOrDefault("state", "COMPLETED"),
            labels));
  }

  private static String required(Map<String, String> row, String column) {
    String value = row.get(column);
    if (value == null) {
      throw new IllegalArgumentException(column + " is empty");
    }
    return value;
  }

  /** A time with an offset ({@code Z}, {@code +01:00}), or without one in {@code zone}. */
  static Instant time(String field, String text, ZoneId zone) {
    String iso = text.replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(iso).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            field + " '" + text + "' is not a time like 2023-05-08T09:30:00 or 2023-05-08T09:30Z");
      }
    }
  }
}
