package io.carbonq.scheduler.backtest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times and time limits as sacct prints them. */
final class SlurmTime {
  private static final Pattern LIMIT =
      Pattern.compile("(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?");

  private SlurmTime() {}

  /** Whether sacct says the time is not known (yet): Unknown, None, or nothing. */
  static boolean unknown(String text) {
    return text.isEmpty() || text.equalsIgnoreCase("Unknown") || text.equalsIgnoreCase("None");
  }

  /**
   * A time such as 2023-05-08T14:30:00, in {@code zone} because sacct prints the local time of the
   * machine it runs on, or with its own Z or +01:00. A local time that a clock change skips is
   * moved forward by the gap, and one it repeats takes the earlier offset.
   */
  static Instant instant(String field, String text, ZoneId zone) {
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
      ZonedDateTime time =
          parsed instanceof ZonedDateTime zoned ? zoned : ((LocalDateTime) parsed).atZone(zone);
      return time.toInstant();
    } catch (DateTimeParseException e) {
      throw UnusableRow.unreadable(
          field
              + " '"
              + text
              + "' is not a time like 2023-05-08T14:30:00 (or with Z or +01:00 after it)");
    }
  }

  /**
   * A time limit in any of Slurm's forms (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS); none for
   * UNLIMITED, Partition_Limit or an empty field.
   */
  static Optional<Duration> timeLimit(String text) {
    if (text.isEmpty()
        || text.equalsIgnoreCase("UNLIMITED")
        || text.equalsIgnoreCase("Partition_Limit")) {
      return Optional.empty();
    }
    Matcher parts = LIMIT.matcher(text);
    if (!parts.matches()) {
      throw UnusableRow.unreadable(
          "Timelimit '"
              + text
              + "' is not MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, UNLIMITED or"
              + " Partition_Limit");
    }
    long first = Long.parseLong(parts.group(2));
    long second = number(parts.group(3));
    long third = number(parts.group(4));
    if (parts.group(1) != null) {
      long days = Long.parseLong(parts.group(1));
      return Optional.of(
          Duration.ofDays(days).plusHours(first).plusMinutes(second).plusSeconds(third));
    }
    if (parts.group(3) == null) {
      return Optional.of(Duration.ofMinutes(first));
    }
    if (parts.group(4) == null) {
      return Optional.of(Duration.ofMinutes(first).plusSeconds(second));
    }
    return Optional.of(Duration.ofHours(first).plusMinutes(second).plusSeconds(third));
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }
}
