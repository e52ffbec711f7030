package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.scheduler.forecast.ForecastSources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What commands need from outside: the clock for "now", where to print, the environment (for
 * credentials given as variables) and the default forecast cache directory.
 */
public record CliContext(
    Clock clock,
    PrintWriter out,
    PrintWriter err,
    Map<String, String> environment,
    Path forecastCacheDirectory) {

  public CliContext {
    environment = Map.copyOf(environment);
  }

  /** The forecast sources {@code config} describes, with this context's clock and environment. */
  ForecastSources forecastSources(CarbonqConfig config) {
    return new ForecastSources(config, environment, clock, forecastCacheDirectory);
  }

  /** The user's cache directory, as XDG says: {@code $XDG_CACHE_HOME} or {@code ~/.cache}. */
  public static Path defaultCacheDirectory(Map<String, String> environment, String userHome) {
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".cache");
    return base.resolve("carbonq").resolve("forecasts");
  }
}
