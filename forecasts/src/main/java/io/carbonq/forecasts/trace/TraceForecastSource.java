package io.carbonq.forecasts.trace;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.api.UnknownZoneException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Serves the bundled historical traces as forecasts and actuals at any instant, so carbonq works
 * with no network and no API key. The forecast is perfect: it equals what was later measured.
 *
 * <p>An instant in a year with a bundled trace reads that year. Any other instant is replayed from
 * the newest bundled year, shifted by whole weeks so that the weekday and the hour of day (the two
 * cycles that shape grid intensity) are kept; the series' source then says "replayed".
 */
public final class TraceForecastSource implements ForecastSource {
  public static final String ID = "trace";
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration FIFTY_TWO_WEEKS = Duration.ofDays(364);

  private final TraceLibrary library;

  public TraceForecastSource(TraceLibrary library) {
    this.library = library;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> zones() {
    return library.zones();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    return series(zone, issuedAt, issuedAt.plus(horizon), DataKind.FORECAST);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    return series(zone, from, to, DataKind.ACTUAL);
  }

  private IntensitySeries series(String zone, Instant from, Instant to, DataKind kind) {
    List<HourlyTrace> traces = library.traces(zone);
    if (traces.isEmpty()) {
      throw new UnknownZoneException(ID, zone, library.zones());
    }
    Instant first = from.truncatedTo(ChronoUnit.HOURS);
    int hours = (int) Math.max(1, ceilHours(Duration.between(first, to)));
    double[] values = new double[hours];
    Set<Integer> years = new TreeSet<>();
    boolean replayed = false;
    for (int i = 0; i < hours; i++) {
      Instant hour = first.plus(HOUR.multipliedBy(i));
      HourlyTrace exact = coveringTrace(traces, hour);
      HourlyTrace used = exact != null ? exact : traces.get(traces.size() - 1);
      values[i] = used.at(exact != null ? hour : replay(used, hour));
      years.add(used.year());
      replayed |= exact == null;
    }
    String label =
        "electricitymaps-trace "
            + String.join("+", years.stream().map(String::valueOf).toList())
            + (replayed ? " replayed week-aligned" : "")
            + (kind == DataKind.FORECAST ? ", perfect forecast" : "");
    return new IntensitySeries(zone, first, HOUR, values, SignalKind.AVERAGE, kind, label);
  }

  private static long ceilHours(Duration duration) {
    long hours = duration.toHours();
    return duration.equals(Duration.ofHours(hours)) ? hours : hours + 1;
  }

  private static HourlyTrace coveringTrace(List<HourlyTrace> traces, Instant hour) {
    for (HourlyTrace trace : traces) {
      if (trace.covers(hour)) {
        return trace;
      }
    }
    return null;
  }

  /** The hour of {@code trace} with the same weekday and time of day, nearest in the calendar. */
  static Instant replay(HourlyTrace trace, Instant hour) {
    Instant sameDateInTraceYear = hour.atZone(ZoneOffset.UTC).withYear(trace.year()).toInstant();
    long days = Duration.between(sameDateInTraceYear, hour).toDays();
    Instant mapped = hour.minus(Duration.ofDays(7 * Math.round(days / 7.0)));
    while (mapped.isBefore(trace.start())) {
      mapped = mapped.plus(FIFTY_TWO_WEEKS);
    }
    while (!mapped.isBefore(trace.end())) {
      mapped = mapped.minus(FIFTY_TWO_WEEKS);
    }
    return mapped;
  }
}
