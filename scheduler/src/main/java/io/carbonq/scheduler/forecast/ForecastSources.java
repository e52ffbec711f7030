package io.carbonq.scheduler.forecast;

import io.carbonq.config.SourceConfig;
import io.carbonq.forecasts.api.FirstAnsweringSource;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.trace.AnnualAverageSource;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import java.util.List;

/** Builds the configured forecast sources, in their fallback order, as one source. */
public final class ForecastSources {
  private ForecastSources() {}

  public static ForecastSource fromConfig(List<SourceConfig> sources) {
    return new FirstAnsweringSource(sources.stream().map(ForecastSources::create).toList());
  }

  private static ForecastSource create(SourceConfig source) {
    return switch (source.type()) {
      case TraceForecastSource.ID -> new TraceForecastSource(TraceLibrary.bundled());
      case AnnualAverageSource.ID -> AnnualAverageSource.bundled();
      default -> throw new IllegalArgumentException("no forecast source of type " + source.type());
    };
  }
}
