package io.carbonq.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 90m}, {@code 6h}, {@code 1h30m}, {@code 7d}, {@code 45s},
 * or ISO-8601 such as {@code PT6H}.
 */
public final class DurationText {
  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
  public static final String EXPECTED = "a duration such as 90m, 6h, 1h30m, 7d or PT6H";

  private DurationText() {}

  /** The parsed duration, or empty when {@code text} is not one of the accepted forms. */
  public static Optional<Duration> parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (trimmed.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(trimmed.toUpperCase(java.util.Locale.ROOT)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
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
