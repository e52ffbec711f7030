package io.carbonq.forecasts.trace;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.api.UnknownZoneException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The 2020 ENTSO-E carbon-intensity traces of Germany, Great Britain and France published with
 * "Let's Wait Awhile" (Wiesner et al., Middleware 2021), used to check carbonq against that paper.
 * Germany is at 15 minutes, Great Britain at 15 or 30, France at 30 (interpolated from hourly
 * upstream).
 */
public final class Entsoe2020Traces {
  public static final List<String> ZONES = List.of("DE", "GB", "FR");
  private static final String ROOT = "/io/carbonq/forecasts/trace/entsoe2020/";
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  private Entsoe2020Traces() {}

  /**
   * The trace read at its :00 and :30 points, as the paper's method reads it (the value stamped at
   * each half hour, not a mean over finer steps). A missing point repeats the one before it.
   */
  public static IntensitySeries halfHourlyPoints(String zone) {
    if (!ZONES.contains(zone)) {
      throw new UnknownZoneException("entsoe-2020", zone, Set.copyOf(ZONES));
    }
    Map<Instant, Double> points = new HashMap<>();
    Instant first = null;
    Instant last = null;
    for (String[] row : TraceLibrary.readCsv(ROOT + zone + ".csv")) {
      Instant time = Instant.parse(row[0].replace("Z", ":00Z"));
      if (time.getEpochSecond() % HALF_HOUR.getSeconds() != 0) {
        continue;
      }
      points.put(time, Double.parseDouble(row[1]));
      first = first == null || time.isBefore(first) ? time : first;
      last = last == null || time.isAfter(last) ? time : last;
    }
    int count = (int) (Duration.between(first, last).dividedBy(HALF_HOUR) + 1);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      Double value = points.get(first.plus(HALF_HOUR.multipliedBy(i)));
      values[i] = value != null ? value : values[i - 1];
    }
    return new IntensitySeries(
        zone,
        first,
        HALF_HOUR,
        values,
        SignalKind.AVERAGE,
        DataKind.ACTUAL,
        "entsoe-2020 (Let's Wait Awhile), half-hourly points");
  }
}
