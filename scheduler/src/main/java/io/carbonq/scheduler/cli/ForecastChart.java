package io.carbonq.scheduler.cli;

import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A bar chart of a series for the terminal: one column per period (or per group of periods when
 * there are more than fit), eighth-block characters for resolution, a value axis, a time axis in
 * UTC and an optional marker row under a window. It takes at most {@link #MAX_COLUMNS} columns of
 * bars, fewer when the terminal is narrower, beside the value axis' {@link #AXIS} columns.
 */
final class ForecastChart {
  private static final char[] EIGHTHS = {' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
  static final int MAX_COLUMNS = 96;
  static final int AXIS = 8;
  private static final int LABEL = "Mon 13".length();
  private static final int ROWS = 8;

  private ForecastChart() {}

  /** The chart in at most {@code width} columns. */
  static List<String> render(
      IntensitySeries series, Instant from, Instant to, Optional<Instant[]> marked, int width) {
    // The last time label may run LABEL - 1 columns past the last bar.
    int maxColumns = (int) Math.max(1, Math.min(MAX_COLUMNS, (long) width - AXIS - LABEL));
    List<Instant> starts = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    Duration step = series.step();
    int periods = (int) Math.max(1, Duration.between(from, to).toNanos() / step.toNanos());
    int perColumn = (periods + maxColumns - 1) / maxColumns;
    Duration columnStep = step.multipliedBy(perColumn);
    for (Instant start = from; start.isBefore(to); start = start.plus(columnStep)) {
      Instant end = start.plus(columnStep).isAfter(to) ? to : start.plus(columnStep);
      starts.add(start);
      values.add(series.meanGramsPerKwh(start, end));
    }
    double min = values.stream().filter(v -> !v.isNaN()).mapToDouble(v -> v).min().orElse(0);
    double max = values.stream().filter(v -> !v.isNaN()).mapToDouble(v -> v).max().orElse(0);
    // A flat series (one annual average) is drawn from zero to half height, not as empty bars.
    boolean flat = max - min < 0.5;
    double floor = flat ? 0 : Math.max(0, min - (max - min) * 0.1);
    double range = Math.max(1e-9, flat ? 2 * max : max - floor);
    int maxRow = flat ? ROWS / 2 - 1 : ROWS - 1;
    String maxLabel = "%6.0f ┤".formatted(max);
    String minLabel = "%6.0f ┤".formatted(flat ? 0 : min);
    String blank = "       │";
    List<String> lines = new ArrayList<>();
    for (int row = ROWS - 1; row >= 0; row--) {
      StringBuilder line = new StringBuilder();
      line.append(row == maxRow ? maxLabel : row == 0 ? minLabel : blank);
      for (double value : values) {
        if (Double.isNaN(value)) {
          line.append(row == 0 ? '·' : ' ');
          continue;
        }
        double eighths = (value - floor) / range * ROWS * 8;
        int filled = (int) Math.round(eighths) - row * 8;
        line.append(EIGHTHS[Math.max(0, Math.min(8, filled))]);
      }
      lines.add(line.toString().stripTrailing());
    }
    lines.add("       └" + "─".repeat(values.size()));
    lines.add("        " + timeAxis(starts, columnStep));
    marked.ifPresent(
        window -> {
          StringBuilder marks = new StringBuilder("        ");
          for (Instant start : starts) {
            Instant end = start.plus(columnStep);
            boolean inside = start.isBefore(window[1]) && end.isAfter(window[0]);
            marks.append(inside ? '^' : ' ');
          }
          lines.add(marks.toString().stripTrailing());
        });
    return lines;
  }

  /**
   * A label under each column that contains a label time: every 6, 12, 24 or 48 hours, the shortest
   * spacing that leaves room for the labels; midnight shows the day instead of the hour.
   */
  private static String timeAxis(List<Instant> starts, Duration columnStep) {
    char[] axis = " ".repeat(starts.size() + LABEL).toCharArray();
    long every = 48;
    for (long hours : new long[] {6, 12, 24}) {
      if (hours * 60 >= 7 * columnStep.toMinutes()) {
        every = hours;
        break;
      }
    }
    long everySeconds = every * 3600;
    int lastEnd = -1;
    for (int i = 0; i < starts.size(); i++) {
      long from = starts.get(i).getEpochSecond();
      long label = Math.floorDiv(from + everySeconds - 1, everySeconds) * everySeconds;
      if (label >= from + columnStep.toSeconds() || i <= lastEnd) {
        continue;
      }
      ZonedDateTime time = Instant.ofEpochSecond(label).atZone(ZoneOffset.UTC);
      String text =
          time.getHour() == 0
              ? time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
                  + " "
                  + time.getDayOfMonth()
              : "%02d:00".formatted(time.getHour());
      if (i + text.length() > axis.length) {
        break;
      }
      text.getChars(0, text.length(), axis, i);
      lastEnd = i + text.length();
    }
    return new String(axis).stripTrailing();
  }
}
