package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.scheduler.forecast.ForecastSources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What commands need from outside: the clock for "now", where to print, the environment (for
 * credentials given as variables), the default forecast cache directory, the terminal that {@code
 * out} prints to (its width and whether colour is welcome), the one {@code err} prints to (whether
 * progress may be redrawn in place) and what paces the commands that watch (and hears Ctrl-C).
 */
public record CliContext(
    Clock clock,
    PrintWriter out,
    PrintWriter err,
    Map<String, String> environment,
    Path forecastCacheDirectory,
    Terminal terminal,
    Terminal errTerminal,
    WatchPacer pacer) {

  public CliContext {
    environment = Map.copyOf(environment);
  }

  /** Watching paced by {@code pacer}; {@code err} to a file or a pipe. */
  public CliContext(
      Clock clock,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      Path forecastCacheDirectory,
      Terminal terminal,
      WatchPacer pacer) {
    this(clock, out, err, environment, forecastCacheDirectory, terminal, Terminal.PIPE, pacer);
  }

  /** Printing {@code out} to {@code terminal}, and {@code err} to a file or a pipe. */
  public CliContext(
      Clock clock,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      Path forecastCacheDirectory,
      Terminal terminal) {
    this(clock, out, err, environment, forecastCacheDirectory, terminal, WatchPacer.SLEEPING);
  }

  /** Printing to a file or a pipe: no width limit, no colour. */
  public CliContext(
      Clock clock,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      Path forecastCacheDirectory) {
    this(clock, out, err, environment, forecastCacheDirectory, Terminal.PIPE);
  }

  /** The forecast sources {@code config} describes, with this context's clock and environment. */
  ForecastSources forecastSources(CarbonqConfig config) {
    return new ForecastSources(config, environment, clock, forecastCacheDirectory);
  }

  /**
   * The user's forecast cache, as XDG says: under {@code $XDG_CACHE_HOME}, else {@code
   * $HOME/.cache}; {@code userHome} (the JVM's, from the password database) only when {@code HOME}
   * is unset, so that a {@code HOME} pointed elsewhere, as tests and containers do, is honoured.
   */
  public static Path defaultCacheDirectory(Map<String, String> environment, String userHome) {
    Path base =
        present(environment.get("XDG_CACHE_HOME"))
            .map(Path::of)
            .orElseGet(() -> Path.of(present(environment.get("HOME")).orElse(userHome), ".cache"));
    return base.resolve("carbonq").resolve("forecasts");
  }

  private static java.util.Optional<String> present(String value) {
    return java.util.Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
