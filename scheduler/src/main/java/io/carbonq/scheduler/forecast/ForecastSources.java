package io.carbonq.scheduler.forecast;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.RegionConfig;
import io.carbonq.config.SecretRef;
import io.carbonq.config.SourceConfig;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.chain.CachedSource;
import io.carbonq.forecasts.chain.FallbackChain;
import io.carbonq.forecasts.chain.ForecastCache;
import io.carbonq.forecasts.chain.ForecastRefresher;
import io.carbonq.forecasts.chain.LastCachedSource;
import io.carbonq.forecasts.electricitymaps.ElectricityMapsSource;
import io.carbonq.forecasts.energidata.EnergiDataServiceSource;
import io.carbonq.forecasts.http.ClientSettings;
import io.carbonq.forecasts.http.JsonHttp;
import io.carbonq.forecasts.http.Secret;
import io.carbonq.forecasts.http.Sleeper;
import io.carbonq.forecasts.sdk.CarbonAwareSdkSource;
import io.carbonq.forecasts.trace.AnnualAverageSource;
import io.carbonq.forecasts.trace.SeasonalProfileSource;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.forecasts.ukci.UkCarbonIntensitySource;
import io.carbonq.forecasts.watttime.WattTimeSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Builds the configured forecast sources: each network source behind the persistent cache, the
 * fallback order per zone, and the seasonal profile and annual averages that fill what a forecast
 * leaves open.
 */
public final class ForecastSources {
  private final CarbonqConfig config;
  private final Map<String, String> environment;
  private final Clock clock;
  private final ForecastCache cache;
  private final TraceLibrary traces = TraceLibrary.bundled();
  private final Map<String, ForecastSource> built = new LinkedHashMap<>();

  /**
   * @param environment where {@code tokenEnv}-style settings are looked up
   * @param defaultCacheDirectory used when the configuration names none
   */
  public ForecastSources(
      CarbonqConfig config,
      Map<String, String> environment,
      Clock clock,
      Path defaultCacheDirectory) {
    this.config = config;
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.cache =
        new ForecastCache(
            config.forecastCache().directory().map(Path::of).orElse(defaultCacheDirectory));
  }

  /** The whole chain as configured: what planning, estimates and the service use. */
  public FallbackChain chain() {
    List<ForecastSource> order = new ArrayList<>();
    config.sources().forEach(source -> order.add(source(source.type())));
    Map<String, List<ForecastSource>> byZone = new LinkedHashMap<>();
    config
        .fallback()
        .forEach((zone, types) -> byZone.put(zone, types.stream().map(this::source).toList()));
    return new FallbackChain(order, byZone, profiles());
  }

  /** The fill sources: the zone's typical week, then its annual average. */
  public List<ForecastSource> profiles() {
    return List.of(source(SeasonalProfileSource.ID), source(AnnualAverageSource.ID));
  }

  /** One source by type, with its configured settings (or the defaults where it is not listed). */
  public ForecastSource source(String type) {
    return built.computeIfAbsent(type, this::create);
  }

  /** One source by type, calling {@code endpoint} instead of its configured base URL. */
  public ForecastSource source(String type, String endpoint) {
    return create(type, settingsOf(type).withEndpoint(endpoint));
  }

  /**
   * Keeps the cache of every configured network source fresh for {@code zones}, each on its own
   * cadence; the service drives it.
   */
  public ForecastRefresher refresher(java.util.Set<String> zones, Duration horizon) {
    List<ForecastSource> network = new ArrayList<>();
    config.sources().forEach(source -> network.add(source(source.type())));
    return new ForecastRefresher(network, zones, cache, horizon, clock);
  }

  public ForecastCache cache() {
    return cache;
  }

  private SourceConfig settingsOf(String type) {
    return config.source(type).orElse(SourceConfig.of(type));
  }

  private ForecastSource create(String type) {
    return create(type, settingsOf(type));
  }

  private ForecastSource create(String type, SourceConfig settings) {
    return switch (type) {
      case TraceForecastSource.ID -> new TraceForecastSource(traces);
      case AnnualAverageSource.ID -> AnnualAverageSource.bundled();
      case SeasonalProfileSource.ID -> new SeasonalProfileSource(traces);
      case LastCachedSource.ID ->
          new LastCachedSource(cache, config.forecastCache().maxAge(), clock);
      case ElectricityMapsSource.ID ->
          cached(
              new ElectricityMapsSource(
                  http(settings, ElectricityMapsSource.DEFAULT_ENDPOINT, 60),
                  secret(settings, settings.token(), "token"),
                  settings.zones().keySet()));
      case WattTimeSource.ID ->
          cached(
              new WattTimeSource(
                  http(settings, WattTimeSource.DEFAULT_ENDPOINT, 300),
                  secret(settings, settings.username(), "username"),
                  secret(settings, settings.password(), "password"),
                  settings.zones(),
                  signal(settings),
                  clock));
      case UkCarbonIntensitySource.ID ->
          cached(
              new UkCarbonIntensitySource(
                  http(settings, UkCarbonIntensitySource.DEFAULT_ENDPOINT, 60)));
      case EnergiDataServiceSource.ID ->
          cached(
              new EnergiDataServiceSource(
                  http(settings, EnergiDataServiceSource.DEFAULT_ENDPOINT, 60)));
      case CarbonAwareSdkSource.ID ->
          cached(
              new CarbonAwareSdkSource(
                  http(settings, CarbonAwareSdkSource.DEFAULT_ENDPOINT, 600),
                  settings.zones().isEmpty() ? azureLocations() : settings.zones(),
                  signal(settings)));
      default -> throw new IllegalArgumentException("no forecast source of type " + type);
    };
  }

  private ForecastSource cached(ForecastSource source) {
    return new CachedSource(source, cache, clock);
  }

  private JsonHttp http(SourceConfig settings, String defaultEndpoint, double requestsPerMinute) {
    ClientSettings client =
        ClientSettings.defaults(settings.endpoint().orElse(defaultEndpoint), requestsPerMinute);
    if (settings.timeout().isPresent()) {
      client = client.withTimeout(settings.timeout().get());
    }
    if (settings.retries().isPresent()) {
      client =
          client.withRetries(
              settings.retries().getAsInt() + 1, client.firstRetryDelay(), client.maxRetryDelay());
    }
    if (settings.requestsPerMinute().isPresent()) {
      client = client.withRequestsPerMinute(settings.requestsPerMinute().getAsDouble());
    }
    return new JsonHttp(
        settings.type(), client, clock, Sleeper.real(), RandomGenerator.getDefault());
  }

  private Secret secret(SourceConfig settings, SecretRef ref, String name) {
    int index = config.sources().indexOf(settings);
    String at = "sources[" + index + "]." + name;
    if (ref.environmentVariable().isPresent()) {
      return Secret.fromEnvironment(ref.environmentVariable().get(), at + "Env", environment);
    }
    if (ref.file().isPresent()) {
      return Secret.fromFile(Path.of(ref.file().get()), at + "File");
    }
    // Not configured: the conventional variable, so `carbonq forecast --source X` works alone.
    String conventional = (settings.type() + "_" + name).toUpperCase(Locale.ROOT).replace('-', '_');
    String hint =
        index < 0
            ? "the default for "
                + settings.type()
                + "; or list it under sources: with "
                + name
                + "Env or "
                + name
                + "File"
            : at + "Env";
    return Secret.fromEnvironment(conventional, hint, environment);
  }

  private static SignalKind signal(SourceConfig settings) {
    return settings.signal().map(value -> value.equals("average")).orElse(false)
        ? SignalKind.AVERAGE
        : SignalKind.MARGINAL;
  }

  /** Each zone's first Azure region, as the Carbon Aware SDK names locations. */
  private Map<String, String> azureLocations() {
    Map<String, String> locations = new LinkedHashMap<>();
    for (RegionConfig region : config.regions()) {
      if (region.name().startsWith("azure:")) {
        locations.putIfAbsent(region.zone(), region.name().substring("azure:".length()));
      }
    }
    return locations;
  }

  /** How long a cached forecast may stand in, for messages. */
  public Duration cacheMaxAge() {
    return config.forecastCache().maxAge();
  }
}
