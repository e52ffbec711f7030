package io.carbonq.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 90m}, {@code 6h}, {@code 1h30m}, {@code 7d}, {@code 45s},
 * ISO-8601 such as {@code PT6H}, or Slurm's {@code --time} forms: {@code MM:SS}, {@code HH:MM:SS},
 * {@code D-HH}, {@code D-HH:MM} and {@code D-HH:MM:SS}. In the clock forms minutes and seconds are
 * 0-59 and, after a day count, hours 0-23; the leading field of a form without days may be larger
 * ({@code 36:00:00} is 36h, {@code 90:00} is 90m). A bare number is refused: Slurm reads it as
 * minutes, which other tools do not, so it is too easily misread.
 */
public final class DurationText {
  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  /** {@code MM:SS} and {@code HH:MM:SS}: the leading field may exceed its unit. */
  private static final Pattern CLOCK = Pattern.compile("(\\d{1,9}):(\\d{1,2})(?::(\\d{1,2}))?");

  /** {@code D-HH}, {@code D-HH:MM} and {@code D-HH:MM:SS}. */
  private static final Pattern DAYS =
      Pattern.compile("(\\d{1,6})-(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2}))?)?");

  public static final String EXPECTED =
      "a duration such as 90m, 6h, 1h30m, 7d, PT6H, or as Slurm writes it, 06:00:00 or 1-12:00:00";

  private DurationText() {}

  /** The parsed duration, or empty when {@code text} is not one of the accepted forms. */
  public static Optional<Duration> parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (trimmed.equals("0")) {
      // No unit is needed to say nothing: "--slack 0".
      return Optional.of(Duration.ZERO);
    }
    if (trimmed.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(trimmed.toUpperCase(Locale.ROOT)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (isClock(trimmed)) {
      return clock(trimmed).map(Clock::duration);
    }
    Matcher m = SHORT.matcher(trimmed);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      Duration d =
          Duration.ofDays(group(m, 1))
              .plusHours(group(m, 2))
              .plusMinutes(group(m, 3))
              .plusSeconds(group(m, 4));
      return Optional.of(d);
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * What a duration must be, for a message about {@code text} that {@link #parse} refused: {@link
   * #EXPECTED}, and for a clock form whose field is out of range, which one ({@code 1:75:00}: the
   * minutes are 0-59).
   */
  public static String expected(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (isClock(trimmed)) {
      Optional<Clock> fields = fields(trimmed);
      if (fields.isPresent() && fields.get().problem().isPresent()) {
        return EXPECTED + "; in '" + text.trim() + "' " + fields.get().problem().get();
      }
    }
    return EXPECTED;
  }

  private static boolean isClock(String text) {
    return text.contains(":") || text.contains("-");
  }

  /** A clock form read: its duration, or which field is out of range. */
  private record Clock(Duration duration, Optional<String> problem) {}

  private static Optional<Clock> clock(String text) {
    return fields(text).filter(fields -> fields.problem().isEmpty());
  }

  private static Optional<Clock> fields(String text) {
    Matcher days = DAYS.matcher(text);
    if (days.matches()) {
      long hours = group(days, 2);
      return Optional.of(
          clock(
              group(days, 1) * 24 + hours,
              group(days, 3),
              group(days, 4),
              hours > 23 ? "the hours after the day count are 0-23" : null,
              true));
    }
    Matcher clock = CLOCK.matcher(text);
    if (!clock.matches()) {
      return Optional.empty();
    }
    // The leading field may pass its unit, as Slurm takes it: 90:00 is 90m, 36:00:00 is 36h.
    return clock.group(3) == null
        ? Optional.of(clock(0, group(clock, 1), group(clock, 2), null, false))
        : Optional.of(clock(group(clock, 1), group(clock, 2), group(clock, 3), null, true));
  }

  private static Clock clock(
      long hours, long minutes, long seconds, String problem, boolean minutesBounded) {
    if (problem == null && minutesBounded && minutes > 59) {
      problem = "the minutes are 0-59";
    }
    if (problem == null && seconds > 59) {
      problem = "the seconds are 0-59";
    }
    Duration duration = Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds);
    return new Clock(duration, Optional.ofNullable(problem));
  }

  private static long group(Matcher m, int group) {
    String value = m.group(group);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** The short form, e.g. {@code 1d6h}, {@code 30m}, {@code 0m}. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    StringBuilder out = new StringBuilder(duration.isNegative() ? "-" : "");
    seconds = Math.abs(seconds);
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (days > 0) {
      out.append(days).append('d');
    }
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (rest > 0) {
      out.append(rest).append('s');
    }
    return out.length() == (duration.isNegative() ? 1 : 0) ? "0m" : out.toString();
  }
}
