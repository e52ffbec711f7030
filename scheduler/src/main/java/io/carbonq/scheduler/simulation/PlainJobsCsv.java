package io.carbonq.scheduler.simulation;

import io.carbonq.config.DurationText;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * carbonq's plain jobs CSV, one job a row, columns by name in any order: {@code arrival} (UTC,
 * {@code 2023-05-01T08:00Z} or {@code 2023-05-01 08:00:00}), {@code duration} (6h, 1h30m, PT6H,
 * HH:MM:SS, D-HH:MM:SS) or {@code duration_s} (seconds), {@code gpus}; optional {@code id}, {@code
 * class} ({@code latency-sensitive} must start on arrival at home; {@code batch}, the default, may
 * wait), {@code deadline} (UTC), {@code interruptible} (true/false), {@code regions} (zones
 * separated by {@code ;}, or {@code *} for any) and {@code home} (a zone). An empty optional cell
 * leaves the choice to the scenario's random rules. A row that cannot be used is skipped with its
 * line and reason.
 */
final class PlainJobsCsv {
  static final List<String> COLUMNS =
      List.of(
          "id",
          "arrival",
          "duration",
          "duration_s",
          "gpus",
          "class",
          "deadline",
          "interruptible",
          "regions",
          "home");

  private PlainJobsCsv() {}

  static WorkloadTrace read(String name, String header, BufferedReader reader) throws IOException {
    List<String> columns =
        Arrays.stream(header.split(",", -1)).map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
    for (String column : columns) {
      if (!COLUMNS.contains(column)) {
        throw new IllegalArgumentException(
            name
                + ": unknown column '"
                + column
                + "'; a jobs CSV has "
                + String.join(", ", COLUMNS)
                + " (or is an Alibaba GPU trace v2023 pod CSV)");
      }
    }
    for (String required : List.of("arrival", "gpus")) {
      if (!columns.contains(required)) {
        throw new IllegalArgumentException(name + ": the column '" + required + "' is missing");
      }
    }
    if (!columns.contains("duration") && !columns.contains("duration_s")) {
      throw new IllegalArgumentException(
          name + ": a column 'duration' (e.g. 6h) or 'duration_s' (seconds) is needed");
    }
    List<RecordedJob> jobs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int lineNumber = 1;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split(",", -1);
      try {
        if (cells.length != columns.size()) {
          throw new IllegalArgumentException(
              "expected " + columns.size() + " cells, got " + cells.length);
        }
        jobs.add(job(new Row(columns, cells), lineNumber));
      } catch (IllegalArgumentException e) {
        skipped.add(name + " line " + lineNumber + ": " + e.getMessage());
      }
    }
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException(
          name
              + ": no usable job"
              + (skipped.isEmpty() ? "" : "; the first row refused: " + skipped.get(0)));
    }
    Instant first = jobs.stream().map(RecordedJob::arrival).min(Instant::compareTo).orElseThrow();
    return new WorkloadTrace(
        "jobs CSV: " + name, first.truncatedTo(ChronoUnit.DAYS), jobs, skipped);
  }

  private record Row(List<String> columns, String[] cells) {
    Optional<String> get(String column) {
      int index = columns.indexOf(column);
      if (index < 0 || cells[index].isBlank()) {
        return Optional.empty();
      }
      return Optional.of(cells[index].trim());
    }
  }

  private static RecordedJob job(Row row, int lineNumber) {
    String id = row.get("id").orElse("job-" + lineNumber);
    Instant arrival = instant("arrival", row.get("arrival").orElseThrow(() -> missing("arrival")));
    Duration duration = duration(row);
    int gpus = gpus(row.get("gpus").orElseThrow(() -> missing("gpus")));
    boolean latencySensitive =
        row.get("class")
            .map(
                value ->
                    switch (value.toLowerCase(Locale.ROOT)) {
                      case "latency-sensitive", "ls" -> true;
                      case "batch", "be" -> false;
                      default ->
                          throw new IllegalArgumentException(
                              "class '" + value + "' must be latency-sensitive or batch");
                    })
            .orElse(false);
    Optional<Instant> deadline = row.get("deadline").map(text -> instant("deadline", text));
    if (deadline.isPresent() && deadline.get().isBefore(arrival.plus(duration))) {
      throw new IllegalArgumentException(
          "deadline " + deadline.get() + " is before arrival + duration");
    }
    Optional<Boolean> interruptible =
        row.get("interruptible")
            .map(
                value ->
                    switch (value.toLowerCase(Locale.ROOT)) {
                      case "true", "yes", "1" -> true;
                      case "false", "no", "0" -> false;
                      default ->
                          throw new IllegalArgumentException(
                              "interruptible '" + value + "' must be true or false");
                    });
    // "*" stays as it is: the scenario reads it as every one of its zones.
    Optional<List<String>> regions =
        row.get("regions").map(value -> Arrays.stream(value.split(";")).map(String::trim).toList());
    return new RecordedJob(
        id,
        gpus,
        arrival,
        duration,
        latencySensitive,
        deadline,
        interruptible,
        regions,
        row.get("home"));
  }

  private static IllegalArgumentException missing(String column) {
    return new IllegalArgumentException(column + " is empty");
  }

  private static Instant instant(String column, String text) {
    try {
      String body = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
      return LocalDateTime.parse(body.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          column + " '" + text + "' is not a UTC time like 2023-05-01T08:00Z");
    }
  }

  private static Duration duration(Row row) {
    Optional<String> seconds = row.get("duration_s");
    Duration duration;
    if (seconds.isPresent()) {
      try {
        duration = Duration.ofSeconds(Math.round(Double.parseDouble(seconds.get())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "duration_s '" + seconds.get() + "' is not a number of seconds");
      }
    } else {
      String text = row.get("duration").orElseThrow(() -> missing("duration"));
      duration =
          DurationText.parse(text)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "duration '" + text + "': " + DurationText.expected(text)));
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    return duration;
  }

  private static int gpus(String text) {
    try {
      int gpus = Integer.parseInt(text);
      if (gpus < 1) {
        throw new IllegalArgumentException("gpus must be at least 1, got " + gpus);
      }
      return gpus;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("gpus '" + text + "' is not a whole number");
    }
  }
}
