package io.carbonq.forecasts.chain;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/** A source at the edge of a chain test: a flat value for a fixed reach, or a failure. */
class FakeSource implements ForecastSource {
  final String id;
  final Set<String> zones;
  final double value;
  final Duration reach;
  boolean down;
  int calls;

  FakeSource(String id, Set<String> zones, double value, Duration reach) {
    this.id = id;
    this.zones = zones;
    this.value = value;
    this.reach = reach;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Duration refreshInterval() {
    return Duration.ofMinutes(30);
  }

  @Override
  public Set<String> zones() {
    return zones;
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    calls++;
    if (down) {
      throw new ForecastException("source '" + id + "' failed 4 times, last: HTTP 503");
    }
    double[] values = new double[(int) (reach.toMinutes() / 30)];
    Arrays.fill(values, value);
    return new IntensitySeries(
        zone, issuedAt, Duration.ofMinutes(30), values, SignalKind.AVERAGE, DataKind.FORECAST, id);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    return forecast(zone, from, Duration.between(from, to));
  }
}
