package io.carbonq.forecasts.chain;

import io.carbonq.forecasts.api.FirstAnsweringSource;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The configured fallback order per zone: each zone asks its own order of sources (or the default
 * order) until one answers, then the profile sources fill what that answer leaves open. The series
 * label names the source that answered and those that failed before it.
 */
public final class FallbackChain implements ForecastSource {
  private final FirstAnsweringSource defaultOrder;
  private final Map<String, FirstAnsweringSource> orderByZone;
  private final List<ForecastSource> profiles;

  /**
   * @param defaultOrder the sources every zone asks, in order
   * @param orderByZone zones with an order of their own
   * @param profiles the sources that fill gaps and extend forecasts to the horizon, in order
   */
  public FallbackChain(
      List<ForecastSource> defaultOrder,
      Map<String, List<ForecastSource>> orderByZone,
      List<ForecastSource> profiles) {
    this.defaultOrder = new FirstAnsweringSource(defaultOrder);
    this.orderByZone =
        orderByZone.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Map.Entry::getKey, entry -> new FirstAnsweringSource(entry.getValue())));
    this.profiles = List.copyOf(profiles);
  }

  @Override
  public String id() {
    return defaultOrder.id();
  }

  @Override
  public Set<String> zones() {
    Set<String> zones = new TreeSet<>(defaultOrder.zones());
    zones.addAll(orderByZone.keySet());
    return zones;
  }

  /** The order {@code zone} asks its sources in, as source ids joined by '>'. */
  public String orderFor(String zone) {
    return chainFor(zone).id();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    IntensitySeries answer = chainFor(zone).forecast(zone, issuedAt, horizon);
    return HorizonFill.fill(answer, issuedAt, horizon, profiles);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    return chainFor(zone).actuals(zone, from, to);
  }

  private FirstAnsweringSource chainFor(String zone) {
    return orderByZone.getOrDefault(zone, defaultOrder);
  }
}
