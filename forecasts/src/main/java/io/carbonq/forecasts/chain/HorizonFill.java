package io.carbonq.forecasts.chain;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SeriesPart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Covers what a provider's forecast leaves open, its gaps and the time beyond its horizon, from a
 * profile source (the seasonal profile, then the annual average), so a deadline three days out is
 * still planned on the zone's typical shape. Each filled stretch is a part of its own, so a
 * decision can say which of its hours came from a real forecast.
 */
final class HorizonFill {
  private HorizonFill() {}

  static IntensitySeries fill(
      IntensitySeries head, Instant issuedAt, Duration horizon, List<ForecastSource> profiles) {
    Instant end = issuedAt.plus(horizon);
    if (!hasHoles(head, end)) {
      return head;
    }
    IntensitySeries profile = profile(head, end, profiles);
    if (profile == null) {
      return head;
    }
    Duration step = head.step();
    int size = (int) Math.max(head.size(), ceilDiv(Duration.between(head.start(), end), step));
    double[] values = new double[size];
    List<SeriesPart> parts = new ArrayList<>();
    int filled = 0;
    for (int i = 0; i < size; i++) {
      Instant from = head.timeOf(i);
      double own = i < head.size() ? head.gramsPerKwh(i) : Double.NaN;
      String source;
      if (!Double.isNaN(own)) {
        values[i] = own;
        source = partAt(head, from);
      } else {
        values[i] = profile.meanGramsPerKwh(from, from.plus(step));
        source = profile.source();
        filled += Double.isNaN(values[i]) ? 0 : 1;
      }
      if (parts.isEmpty() || !parts.get(parts.size() - 1).source().equals(source)) {
        parts.add(new SeriesPart(from, source));
      }
    }
    if (filled == 0) {
      return head;
    }
    return new IntensitySeries(
        head.zone(),
        head.start(),
        step,
        values,
        head.signal(),
        head.kind(),
        head.source() + " + " + profile.source(),
        parts);
  }

  private static boolean hasHoles(IntensitySeries series, Instant end) {
    if (series.end().isBefore(end)) {
      return true;
    }
    for (int i = 0; i < series.size(); i++) {
      if (Double.isNaN(series.gramsPerKwh(i)) && series.timeOf(i).isBefore(end)) {
        return true;
      }
    }
    return false;
  }

  private static IntensitySeries profile(
      IntensitySeries head, Instant end, List<ForecastSource> profiles) {
    Instant until = end.isAfter(head.end()) ? end : head.end();
    for (ForecastSource source : profiles) {
      try {
        if (source.zones().contains(head.zone())) {
          return source.forecast(head.zone(), head.start(), Duration.between(head.start(), until));
        }
      } catch (ForecastException e) {
        // the next profile may know the zone
      }
    }
    return null;
  }

  private static String partAt(IntensitySeries series, Instant time) {
    String source = series.parts().get(0).source();
    for (SeriesPart part : series.parts()) {
      if (!part.from().isAfter(time)) {
        source = part.source();
      }
    }
    return source;
  }

  private static long ceilDiv(Duration total, Duration step) {
    long steps = total.toNanos() / step.toNanos();
    return total.toNanos() % step.toNanos() == 0 ? steps : steps + 1;
  }
}
