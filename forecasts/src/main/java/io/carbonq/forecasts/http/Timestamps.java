package io.carbonq.forecasts.http;

import io.carbonq.forecasts.api.ForecastException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the timestamps the providers send: {@code 2023-03-14T03:30Z}, {@code
 * 2024-03-05T20:00:00.000Z}, {@code 2022-07-15T00:00:00+00:00}, seven fraction digits, and {@code
 * 2023-01-01T22:55:00} with no zone at all, which the caller must say how to read.
 */
public final class Timestamps {
  private static final DateTimeFormatter FLEXIBLE =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .toFormatter();

  private Timestamps() {}

  /**
   * The instant {@code text} names; a text without offset is read in {@code zoneWhenAbsent}.
   *
   * @param field where the text came from, for the error message
   */
  public static Instant parse(String text, ZoneId zoneWhenAbsent, String source, String field) {
    if (text == null || text.isBlank()) {
      throw new ForecastException("source '" + source + "': " + field + " is missing");
    }
    try {
      TemporalAccessor parsed =
          FLEXIBLE.parseBest(text.strip(), OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime withOffset) {
        return withOffset.toInstant();
      }
      return ((LocalDateTime) parsed).atZone(zoneWhenAbsent).toInstant();
    } catch (DateTimeParseException e) {
      throw new ForecastException(
          "source '" + source + "': " + field + " '" + text + "' is not an ISO-8601 time");
    }
  }
}
