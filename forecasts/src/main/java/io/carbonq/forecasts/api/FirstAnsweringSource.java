package io.carbonq.forecasts.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Asks its sources in order and returns the first answer: a zone one source does not know, or a
 * source that fails, passes to the next. The series' label says who answered and which sources
 * failed before it, so a decision shows the data it used.
 */
public final class FirstAnsweringSource implements ForecastSource {
  private final List<ForecastSource> sources;

  public FirstAnsweringSource(List<ForecastSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("at least one forecast source is needed");
    }
    this.sources = List.copyOf(sources);
  }

  @Override
  public String id() {
    return String.join(">", sources.stream().map(ForecastSource::id).toList());
  }

  @Override
  public Set<String> zones() {
    Set<String> zones = new TreeSet<>();
    for (ForecastSource source : sources) {
      try {
        zones.addAll(source.zones());
      } catch (ForecastException unreachable) {
        // a source that cannot list its zones now answers for none of them
      }
    }
    return zones;
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    return firstAnswer(zone, source -> source.forecast(zone, issuedAt, horizon));
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    return firstAnswer(zone, source -> source.actuals(zone, from, to));
  }

  private IntensitySeries firstAnswer(String zone, Function<ForecastSource, IntensitySeries> ask) {
    List<String> failures = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (ForecastSource source : sources) {
      try {
        if (!source.zones().contains(zone)) {
          continue;
        }
        IntensitySeries answer = ask.apply(source);
        return failed.isEmpty()
            ? answer
            : answer.withSource(
                answer.source() + " (fallback: " + String.join(", ", failed) + " failed)");
      } catch (UnknownZoneException e) {
        continue;
      } catch (ForecastException e) {
        failures.add(source.id() + ": " + e.getMessage());
        failed.add(source.id());
      }
    }
    if (failures.isEmpty()) {
      throw new UnknownZoneException(id(), zone, new LinkedHashSet<>(zones()));
    }
    throw new ForecastException(
        "no source answered for zone " + zone + ": " + String.join("; ", failures));
  }
}
