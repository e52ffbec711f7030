package io.carbonq.forecasts.trace;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.api.UnknownZoneException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The typical week of a zone: the mean of each UTC hour of the week over the latest bundled year.
 * It answers for any time, so it covers what a provider's forecast does not reach, and it keeps the
 * daily and weekly shape a flat annual average loses.
 */
public final class SeasonalProfileSource implements ForecastSource {
  public static final String ID = "seasonal-profile";
  private static final int HOURS_PER_WEEK = 168;

  private record Profile(double[] hourOfWeekMeans, String label) {}

  private final TraceLibrary library;
  private final Map<String, Profile> profiles = new ConcurrentHashMap<>();

  public SeasonalProfileSource(TraceLibrary library) {
    this.library = library;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Duration refreshInterval() {
    return Duration.ofDays(365);
  }

  @Override
  public Set<String> zones() {
    return library.zones();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    Profile profile = profiles.computeIfAbsent(zone, this::build);
    Instant first = issuedAt.truncatedTo(ChronoUnit.HOURS);
    long hours =
        Math.max(1, (Duration.between(first, issuedAt.plus(horizon)).toMinutes() + 59) / 60);
    double[] values = new double[(int) hours];
    for (int i = 0; i < values.length; i++) {
      values[i] = profile.hourOfWeekMeans()[hourOfWeek(first.plus(Duration.ofHours(i)))];
    }
    return new IntensitySeries(
        zone,
        first,
        Duration.ofHours(1),
        values,
        SignalKind.AVERAGE,
        DataKind.FORECAST,
        profile.label());
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    throw new ForecastException(
        "source '" + ID + "' is a typical week, not a measurement; it has no actuals");
  }

  private Profile build(String zone) {
    List<HourlyTrace> traces = library.traces(zone);
    if (traces.isEmpty()) {
      throw new UnknownZoneException(ID, zone, library.zones());
    }
    HourlyTrace latest = traces.get(traces.size() - 1);
    double[] sums = new double[HOURS_PER_WEEK];
    int[] counts = new int[HOURS_PER_WEEK];
    Instant hour = latest.start();
    for (double value : latest.gramsPerKwh()) {
      int slot = hourOfWeek(hour);
      sums[slot] += value;
      counts[slot]++;
      hour = hour.plus(Duration.ofHours(1));
    }
    for (int i = 0; i < HOURS_PER_WEEK; i++) {
      sums[i] /= counts[i];
    }
    return new Profile(sums, ID + " (" + zone + " " + latest.year() + " hour-of-week means)");
  }

  private static int hourOfWeek(Instant hour) {
    ZonedDateTime utc = hour.atZone(ZoneOffset.UTC);
    int day = utc.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue();
    return day * 24 + utc.getHour();
  }
}
