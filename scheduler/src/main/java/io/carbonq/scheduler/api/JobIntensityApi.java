package io.carbonq.scheduler.api;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.fleet.UnknownNameException;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The grid a job meets ({@code GET /v1/jobs/{id}/intensity}), for the job page's picture of the
 * forecast it was planned on against what happened. A finished job: its zone's measured intensity
 * over the run, with the mean its plan expected (the predicted kgCO2e over the energy, as the
 * footprint counts them) and the mean it met. A planned one: the forecast over its planned window.
 */
final class JobIntensityApi {
  private final QueueService service;

  JobIntensityApi(QueueService service) {
    this.service = service;
  }

  Map<String, Object> intensity(QueuedJob job) {
    Optional<Footprint> footprint = service.footprint(job.id());
    if (footprint.isPresent()) {
      return measured(footprint.get());
    }
    PlannedRun plan =
        job.plan()
            .orElseThrow(
                () ->
                    new Problem(
                        404,
                        "no-window",
                        "No window yet",
                        "job '"
                            + JobKeys.name(job.id())
                            + "' is "
                            + job.state().label()
                            + " and has no planned window; it gets one when it is planned"));
    return forecast(plan);
  }

  private Map<String, Object> measured(Footprint f) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("zone", f.zone());
    body.put("kind", "actual");
    body.put("start", f.start().toString());
    body.put("end", f.end().toString());
    double gridKwh = f.energyKwh() * f.pue();
    body.put("plannedMeanGramsPerKwh", mean(f.predictedKgCo2e(), gridKwh));
    body.put("metMeanGramsPerKwh", mean(f.kgCo2e(), gridKwh));
    try {
      IntensitySeries actual = service.forecasts().actuals(f.zone(), f.start(), f.end());
      body.put("source", actual.source());
      body.put("points", IntensityPoints.within(actual, f.start(), f.end()));
    } catch (ForecastException e) {
      body.put("source", null);
      body.put("error", e.getMessage());
      body.put("points", List.of());
    }
    return body;
  }

  private Map<String, Object> forecast(PlannedRun plan) {
    String zone;
    try {
      zone = service.fleet().region(plan.region()).zone();
    } catch (UnknownNameException e) {
      throw new Problem(404, "no-window", "No window", e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("zone", zone);
    body.put("kind", "forecast");
    body.put("start", plan.start().toString());
    body.put("end", plan.end().toString());
    Instant now = service.clock().instant();
    Instant from = plan.start().isAfter(now) ? now : plan.start();
    try {
      IntensitySeries forecast =
          service.forecasts().forecast(zone, from, Duration.between(from, plan.end()));
      List<Map<String, Object>> points = IntensityPoints.within(forecast, plan.start(), plan.end());
      body.put("source", forecast.source());
      body.put("plannedMeanGramsPerKwh", meanOf(points));
      body.put("metMeanGramsPerKwh", null);
      body.put("points", points);
    } catch (ForecastException e) {
      body.put("source", null);
      body.put("error", e.getMessage());
      body.put("points", List.of());
    }
    return body;
  }

  private static Double mean(double kg, double gridKwh) {
    return Double.isFinite(kg) && gridKwh > 0 ? Math.round(kg * 1000 / gridKwh * 10) / 10.0 : null;
  }

  private static Double meanOf(List<Map<String, Object>> points) {
    double sum = 0;
    int counted = 0;
    for (Map<String, Object> point : points) {
      if (point.get("gramsPerKwh") instanceof Double value) {
        sum += value;
        counted++;
      }
    }
    return counted == 0 ? null : Math.round(sum / counted * 10) / 10.0;
  }
}
