package io.carbonq.scheduler.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting of figures and times for output, independent of the machine's locale and zone. */
final class Numbers {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Numbers() {}

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Rounded for JSON, so that outputs compare cleanly: {@code decimals} places. */
  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** {@code n} and the noun, plural unless one: "1 GPU", "8 GPUs", "1 run". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }

  static String utc(Instant time) {
    return UTC.format(time);
  }
}
