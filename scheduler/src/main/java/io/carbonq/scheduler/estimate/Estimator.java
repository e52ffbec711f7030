package io.carbonq.scheduler.estimate;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The footprint of one training run, and where and when it would be cleaner: the ML CO2 Impact
 * calculator's question, answered with hourly grid data and a search over start times and regions.
 */
public final class Estimator {
  private final GpuPowerModel power;
  private final List<Region> knownRegions;
  private final ForecastSource source;

  public Estimator(GpuPowerModel power, List<Region> knownRegions, ForecastSource source) {
    this.power = power;
    this.knownRegions = List.copyOf(knownRegions);
    this.source = source;
  }

  /**
   * @throws ForecastException when there is no intensity for the requested zone and window
   */
  public Estimate estimate(EstimateRequest request) {
    double gpuEnergyKwh = power.energyKwh(request.gpuModel(), request.gpus(), request.duration());
    Map<String, IntensitySeries> seriesByZone = new HashMap<>();
    List<String> zonesWithoutData = new ArrayList<>();
    Region region = request.region();
    IntensitySeries home = series(request, region.zone(), seriesByZone, zonesWithoutData);
    if (home == null) {
      throw new ForecastException(
          "no carbon-intensity data for zone "
              + region.zone()
              + ": "
              + String.join("; ", zonesWithoutData));
    }
    WindowEstimate asRequested = window(region, request.start(), request, gpuEnergyKwh, home);
    if (asRequested == null) {
      throw new ForecastException(
          "no carbon-intensity data for zone "
              + region.zone()
              + " over the whole run from "
              + request.start());
    }
    Optional<WindowEstimate> bestSamePlace = best(region, home, request, gpuEnergyKwh);
    Optional<WindowEstimate> bestAnywhere = Optional.empty();
    for (Region candidate : knownRegions) {
      IntensitySeries series = series(request, candidate.zone(), seriesByZone, zonesWithoutData);
      Optional<WindowEstimate> best =
          series == null ? Optional.empty() : best(candidate, series, request, gpuEnergyKwh);
      if (best.isPresent()
          && (bestAnywhere.isEmpty() || best.get().kgCo2e() < bestAnywhere.get().kgCo2e())) {
        bestAnywhere = best;
      }
    }
    return new Estimate(
        request,
        power.powerWatts(request.gpuModel()),
        gpuEnergyKwh,
        gpuEnergyKwh * region.pue(),
        asRequested,
        bestSamePlace,
        bestAnywhere,
        List.copyOf(new TreeSet<>(zonesWithoutData)));
  }

  private IntensitySeries series(
      EstimateRequest request,
      String zone,
      Map<String, IntensitySeries> cache,
      List<String> failed) {
    if (cache.containsKey(zone)) {
      return cache.get(zone);
    }
    IntensitySeries series = null;
    try {
      series = source.forecast(zone, request.start(), request.within().plus(request.duration()));
    } catch (ForecastException e) {
      failed.add(zone);
    }
    cache.put(zone, series);
    return series;
  }

  /** The cleanest start within the allowed shift, earliest on ties. */
  private static Optional<WindowEstimate> best(
      Region region, IntensitySeries series, EstimateRequest request, double gpuEnergyKwh) {
    WindowEstimate best = null;
    Instant last = request.start().plus(request.within());
    for (Instant start = request.start();
        !start.isAfter(last);
        start = nextStep(start, request.step())) {
      WindowEstimate candidate = window(region, start, request, gpuEnergyKwh, series);
      if (candidate != null && (best == null || candidate.kgCo2e() < best.kgCo2e())) {
        best = candidate;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The next step boundary after {@code time}, counting steps from the epoch (:00 and :30 for 30m).
   */
  private static Instant nextStep(Instant time, Duration step) {
    long seconds = step.getSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds + seconds);
  }

  private static WindowEstimate window(
      Region region,
      Instant start,
      EstimateRequest request,
      double gpuEnergyKwh,
      IntensitySeries series) {
    Duration duration = request.duration();
    double mean = series.meanGramsPerKwh(start, start.plus(duration));
    if (Double.isNaN(mean)) {
      return null;
    }
    double kg = gpuEnergyKwh * region.pue() * mean / 1000;
    return new WindowEstimate(
        region.name(), region.zone(), region.pue(), start, mean, kg, series.source());
  }
}
