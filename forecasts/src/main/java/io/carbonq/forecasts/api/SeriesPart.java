package io.carbonq.forecasts.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one stretch of a series came from: from {@code from} until the next part (or the series'
 * end) the values are {@code source}'s. A series filled beyond its provider's horizon, or in its
 * gaps, has one part per change of source.
 */
public record SeriesPart(Instant from, String source) {
  public SeriesPart {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(source, "source");
  }
}
