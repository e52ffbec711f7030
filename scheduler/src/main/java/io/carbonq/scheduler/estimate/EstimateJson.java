package io.carbonq.scheduler.estimate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of an estimate, the same from {@code carbonq estimate -o json} and the API; {@code
 * region} is null where the estimate was asked for a grid zone alone.
 */
public final class EstimateJson {
  private EstimateJson() {}

  public static Map<String, Object> of(Estimate estimate, double util) {
    EstimateRequest request = estimate.request();
    WindowEstimate run = estimate.asRequested();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("gpu", request.gpuModel());
    out.put("gpus", request.gpus());
    out.put("hours", round(request.duration().toSeconds() / 3600.0, 4));
    out.put("region", request.byZone() ? null : request.region().name());
    out.put("zone", run.zone());
    out.put("pue", run.pue());
    out.put("utilisation", util);
    out.put("start", run.start().toString());
    out.put("end", run.start().plus(request.duration()).toString());
    out.put("gpuPowerWatts", round(estimate.gpuPowerWatts(), 3));
    out.put("gpuEnergyKwh", round(estimate.gpuEnergyKwh(), 4));
    out.put("energyKwh", round(estimate.energyKwh(), 4));
    out.put("gramsPerKwh", round(run.gramsPerKwh(), 3));
    out.put("kgCo2e", round(run.kgCo2e(), 4));
    out.put("intensitySource", run.intensitySource());
    out.put("withinHours", round(request.within().toSeconds() / 3600.0, 4));
    estimate
        .bestSamePlace()
        .ifPresent(best -> out.put("bestSamePlace", window(best, estimate, request.byZone())));
    estimate
        .bestAnywhere()
        .ifPresent(best -> out.put("bestAlternative", window(best, estimate, false)));
    out.put("zonesWithoutData", estimate.zonesWithoutData());
    return out;
  }

  /** With {@code byZone}, the window is in a grid zone alone and names no region. */
  private static Map<String, Object> window(
      WindowEstimate window, Estimate estimate, boolean byZone) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("region", byZone ? null : window.region());
    out.put("zone", window.zone());
    out.put("pue", window.pue());
    out.put("start", window.start().toString());
    out.put("gramsPerKwh", round(window.gramsPerKwh(), 3));
    out.put("kgCo2e", round(window.kgCo2e(), 4));
    out.put("savingPct", round(estimate.savingOf(window) * 100, 2));
    out.put("intensitySource", window.intensitySource());
    return out;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
