package io.carbonq.scheduler.api;

import io.carbonq.config.DurationText;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.planning.Decision;
import io.carbonq.scheduler.planning.Deferred;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import io.carbonq.scheduler.store.DecisionRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API's JSON form of jobs, plans and decisions; ordered maps keep the keys' order stable. */
final class JobJson {
  private JobJson() {}

  static Map<String, Object> job(QueuedJob job) {
    Map<String, Object> json = new LinkedHashMap<>();
    Workload workload = job.workload();
    json.put("id", JobKeys.name(job.id()));
    json.put("owner", job.owner());
    json.put("state", job.state().label());
    json.put("reason", job.stateReason());
    json.put("sweep", workload.sweep().map(sweep -> JobKeys.name(sweep.sweepId())).orElse(null));
    json.put("submittedAt", job.submittedAt().toString());
    json.put("spec", spec(workload));
    json.put("plan", job.plan().map(JobJson::plan).orElse(null));
    json.put("dispatchedAt", job.dispatchedAt().map(Object::toString).orElse(null));
    json.put("startedAt", job.startedAt().map(Object::toString).orElse(null));
    json.put("finishedAt", job.finishedAt().map(Object::toString).orElse(null));
    json.put("ran", job.history().map(history -> ran(job, history)).orElse(List.of()));
    return json;
  }

  static Map<String, Object> spec(Workload workload) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("image", workload.image());
    json.put("command", workload.command());
    json.put("gpus", workload.gpus());
    json.put("gpuModels", workload.gpuModels().stream().sorted().toList());
    json.put("duration", DurationText.format(workload.duration()));
    json.put("earliestStart", workload.earliestStart().toString());
    json.put("deadline", workload.deadline().toString());
    json.put("regions", workload.regions());
    json.put("home", workload.home().orElse(null));
    json.put("interruptible", workload.interruptible());
    json.put("priority", workload.priority());
    json.put("env", new java.util.TreeMap<>(workload.env()));
    json.put(
        "volumes",
        workload.volumes().stream()
            .map(
                v -> {
                  Map<String, Object> volume = new LinkedHashMap<>();
                  volume.put("name", v.name());
                  volume.put("mountPath", v.mountPath());
                  volume.put("kind", v.kind().name().toLowerCase(java.util.Locale.ROOT));
                  volume.put("source", v.source());
                  volume.put("readOnly", v.readOnly());
                  return volume;
                })
            .toList());
    return json;
  }

  static Map<String, Object> plan(PlannedRun run) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("pool", run.pool());
    json.put("region", run.region());
    json.put("start", run.start().toString());
    json.put("end", run.end().toString());
    json.put("kgCo2e", finite(run.kgCo2e()));
    json.put("runNowKgCo2e", finite(run.nowKgCo2e()));
    json.put("savingPct", saving(run.kgCo2e(), run.nowKgCo2e()));
    json.put("why", run.why());
    json.put("forecastSource", run.forecastSource());
    json.put("pieces", pieces(run.pieces()));
    return json;
  }

  /** The pieces a job ran; the one running now has no end yet. */
  private static List<Map<String, String>> ran(QueuedJob job, RunHistory history) {
    if (job.finishedAt().isPresent()) {
      return pieces(history.pieces(job.finishedAt().get()));
    }
    List<Map<String, String>> ran = new java.util.ArrayList<>(pieces(history.ranPieces()));
    history
        .runningSince()
        .ifPresent(
            since -> {
              Map<String, String> open = new LinkedHashMap<>();
              open.put("start", since.toString());
              open.put("end", null);
              ran.add(open);
            });
    return ran;
  }

  private static List<Map<String, String>> pieces(List<Segment> pieces) {
    return pieces.stream()
        .map(
            piece -> {
              Map<String, String> json = new LinkedHashMap<>();
              json.put("start", piece.start().toString());
              json.put("end", piece.end().toString());
              return json;
            })
        .toList();
  }

  static Map<String, Object> preview(Decision decision, Optional<String> source) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (decision instanceof Placed placed) {
      json.put("decision", "placed");
      json.put("pool", placed.pool().name());
      json.put("region", placed.pool().region().name());
      json.put("start", placed.start().toString());
      json.put("end", placed.end().toString());
      double kg = placed.expectedKgCo2e().orElse(Double.NaN);
      double now = placed.runNowKgCo2e().orElse(Double.NaN);
      json.put("kgCo2e", finite(kg));
      json.put("runNowKgCo2e", finite(now));
      json.put("savingPct", saving(kg, now));
      json.put("energyKwh", placed.energyKwh());
      json.put("why", placed.why());
      json.put("forecastSource", source.orElse(null));
    } else if (decision instanceof Deferred deferred) {
      json.put("decision", "deferred");
      json.put("reason", deferred.reason().name().toLowerCase(java.util.Locale.ROOT));
      json.put("why", deferred.why());
    }
    return json;
  }

  static List<Map<String, Object>> decisions(List<DecisionRecord> records) {
    return records.stream()
        .map(
            record -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("at", record.at().toString());
              json.put("event", record.event());
              json.put("pool", record.pool().orElse(null));
              json.put("region", record.region().orElse(null));
              json.put("start", record.start().map(Object::toString).orElse(null));
              json.put("kgCo2e", record.kgCo2e().orElse(null));
              json.put("runNowKgCo2e", record.nowKgCo2e().orElse(null));
              json.put("why", record.why());
              json.put("forecastSource", record.forecastSource().orElse(null));
              return json;
            })
        .toList();
  }

  static Map<String, Object> footprint(
      QueuedJob job,
      io.carbonq.scheduler.energy.Footprint f,
      io.carbonq.scheduler.energy.CarbonAccounts accounts) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", JobKeys.name(job.id()));
    json.put("state", job.state().label());
    json.put("gpus", job.workload().gpus());
    json.put("gpuModel", f.gpuModel());
    json.put("region", f.region());
    json.put("zone", f.zone());
    json.put("pue", f.pue());
    json.put("start", f.start().toString());
    json.put("end", f.end().toString());
    json.put(
        "wallHours", round(java.time.Duration.between(f.start(), f.end()).toSeconds() / 3600.0, 3));
    json.put("gpuHours", round(f.gpuHours(), 3));
    json.put("energyKwh", round(f.energyKwh(), 4));
    json.put("gpuKwh", round(f.gpuKwh(), 4));
    json.put("hostKwh", round(f.hostKwh(), 4));
    json.put("energyMeasured", f.measured());
    json.put("gpuEnergy", f.measured() ? "measured" : "estimated");
    json.put("hostEnergy", f.hostShare().label());
    json.put("energySource", f.energySource());
    json.put("kgCo2e", finite(f.kgCo2e()));
    json.put("intensitySource", f.intensitySource());
    json.put("predictedKgCo2e", finite(f.predictedKgCo2e()));
    json.put("runNowIn", f.runNow().region());
    json.put("runNowBasis", f.runNow().basis().label());
    json.put("runNowKgCo2e", finite(f.counterfactualKgCo2e()));
    json.put("savedKgCo2e", finite(f.savedKgCo2e()));
    json.put("savingPct", saving(f.kgCo2e(), f.counterfactualKgCo2e()));
    json.put("intensitySignal", f.marginal() ? "marginal" : "average");
    json.put("locationBasedKgCo2e", finite(accounts.locationKg()));
    json.put("marginalKgCo2e", finite(accounts.marginalKg()));
    json.put("marketBasedKgCo2e", finite(accounts.marketKg()));
    json.put("marketBasis", accounts.marketBasis());
    json.put("pricePerGpuHour", f.price().map(p -> p.perGpuHour()).orElse(null));
    json.put("cost", f.cost().map(cost -> round(cost, 2)).orElse(null));
    json.put("currency", f.price().map(p -> p.currency()).orElse(null));
    Map<String, Object> sci = new LinkedHashMap<>();
    sci.put("kgCo2ePerRun", finite(accounts.sciKgPerRun()));
    sci.put("operationalKgCo2e", finite(f.kgCo2e()));
    sci.put("embodiedKgCo2e", finite(accounts.embodiedKg()));
    sci.put("functionalUnit", io.carbonq.scheduler.energy.CarbonAccounts.SCI_UNIT);
    sci.put(
        "boundary",
        "the GPUs the run held with their server share, their energy with the region's PUE;"
            + " host energy as hostEnergy says; storage and network not included");
    sci.put("embodiedBasis", accounts.embodiedBasis());
    sci.put("embodiedKgPerDevice", finite(accounts.embodiedKgPerDevice()));
    sci.put("lifetimeHours", accounts.lifetime().toSeconds() / 3600.0);
    sci.put(
        "method",
        f.marginal()
            ? "ISO/IEC 21031:2024 (SCI): (E × I + M) per R, I marginal hourly (no average data)"
            : "ISO/IEC 21031:2024 (SCI): (E × I + M) per R, I location-based hourly");
    json.put("sci", sci);
    return json;
  }

  /**
   * The total cost of {@code footprints} and its currency: known only when every run has a price,
   * all in one currency, since a partial total would read as the whole.
   */
  static Map<String, Object> costTotal(List<io.carbonq.scheduler.energy.Footprint> footprints) {
    Map<String, Object> json = new LinkedHashMap<>();
    var currencies =
        footprints.stream()
            .map(f -> f.price().map(p -> p.currency()).orElse(""))
            .distinct()
            .toList();
    boolean known = currencies.size() == 1 && !currencies.get(0).isEmpty();
    double total = footprints.stream().mapToDouble(f -> f.cost().orElse(0.0)).sum();
    json.put("cost", known ? round(total, 2) : null);
    json.put("currency", known ? currencies.get(0) : null);
    return json;
  }

  private static Double finite(java.util.OptionalDouble value) {
    return value.isPresent() ? finite(value.getAsDouble()) : null;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static Double finite(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
  }

  private static Double saving(double kg, double now) {
    return Double.isNaN(kg) || Double.isNaN(now) || now <= 0
        ? null
        : Math.round((1 - kg / now) * 1000) / 10.0;
  }
}
