package io.carbonq.scheduler.api;

import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.FootprintStore.EndedRun;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.TokenStore.Caller;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What was saved ({@code GET /v1/savings?days=N}): the runs that ended in the last N days, with
 * their realised and predicted kgCO2e against running at once, by UTC day, owner and sweep, and how
 * far each forecast source's prediction was from what the run then emitted; and what the jobs
 * planned but not started expect to save. Runs measured on a marginal signal are left out of the
 * sums (they do not add to location-based figures) and counted apart. A caller sees its own runs;
 * an admin everyone's unless it asks for {@code ?scope=mine}.
 */
final class SavingsApi {
  private final QueueService service;

  SavingsApi(QueueService service) {
    this.service = service;
  }

  Map<String, Object> savings(Context ctx, Caller caller) {
    int days = QueryNumbers.whole(ctx, "days", 14, 1, 366, "a whole number");
    Instant now = service.clock().instant();
    Instant since = now.minus(Duration.ofDays(days));
    Optional<String> owner =
        ApiServer.seesEveryone(ctx, caller) ? Optional.empty() : Optional.of(caller.owner());

    List<EndedRun> runs = new ArrayList<>();
    int marginal = 0;
    for (EndedRun run : service.endedSince(since, owner)) {
      if (run.footprint().marginal()) {
        marginal++;
      } else {
        runs.add(run);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", since.toString());
    body.put("until", now.toString());
    body.put("days", days);
    body.put("realised", sum(runs).json());
    body.put("planned", planned(owner));
    body.put("byDay", grouped(runs, "day", SavingsApi::day));
    body.put("byOwner", grouped(runs, "owner", EndedRun::owner));
    body.put(
        "bySweep",
        grouped(
            runs.stream().filter(run -> run.sweepId().isPresent()).toList(),
            "sweep",
            run -> run.owner() + "/" + JobKeys.name(run.sweepId().get())));
    body.put("accuracy", accuracy(runs));
    body.put("marginalRunsLeftOut", marginal);
    return body;
  }

  private static String day(EndedRun run) {
    return run.footprint().end().atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** The planned, not yet started, jobs' expected kgCO2e against running them now. */
  private Map<String, Object> planned(Optional<String> owner) {
    JobFilter filter = JobFilter.all().withStates(EnumSet.of(JobState.PLANNED));
    List<QueuedJob> jobs = service.list(owner.map(filter::withOwner).orElse(filter));
    double kg = 0;
    double now = 0;
    int counted = 0;
    for (QueuedJob job : jobs) {
      Optional<PlannedRun> plan = job.plan();
      if (plan.isPresent()
          && Double.isFinite(plan.get().kgCo2e())
          && Double.isFinite(plan.get().nowKgCo2e())) {
        kg += plan.get().kgCo2e();
        now += plan.get().nowKgCo2e();
        counted++;
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("jobs", counted);
    json.put("kgCo2e", round(kg));
    json.put("runNowKgCo2e", round(now));
    json.put("savedKgCo2e", round(now - kg));
    return json;
  }

  private static List<Map<String, Object>> grouped(
      List<EndedRun> runs, String key, Function<EndedRun, String> by) {
    Map<String, List<EndedRun>> groups = new TreeMap<>();
    for (EndedRun run : runs) {
      groups.computeIfAbsent(by.apply(run), k -> new ArrayList<>()).add(run);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    groups.forEach(
        (name, members) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put(key, name);
          row.putAll(sum(members).json());
          rows.add(row);
        });
    return rows;
  }

  /** Per forecast source: the runs with both figures, their sums and the mean absolute error. */
  private static List<Map<String, Object>> accuracy(List<EndedRun> runs) {
    Map<String, List<Footprint>> bySource = new TreeMap<>();
    for (EndedRun run : runs) {
      Footprint f = run.footprint();
      if (Double.isFinite(f.kgCo2e()) && Double.isFinite(f.predictedKgCo2e()) && f.kgCo2e() > 0) {
        bySource.computeIfAbsent(run.planSource().orElse("unknown"), k -> new ArrayList<>()).add(f);
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    bySource.forEach(
        (source, footprints) -> {
          double predicted = 0;
          double realised = 0;
          double errors = 0;
          for (Footprint f : footprints) {
            predicted += f.predictedKgCo2e();
            realised += f.kgCo2e();
            errors += Math.abs(f.predictedKgCo2e() - f.kgCo2e()) / f.kgCo2e();
          }
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("source", source);
          row.put("runs", footprints.size());
          row.put("predictedKgCo2e", round(predicted));
          row.put("kgCo2e", round(realised));
          row.put("meanAbsErrorPct", Math.round(errors / footprints.size() * 1000) / 10.0);
          rows.add(row);
        });
    return rows;
  }

  private record Sum(int runs, double kg, double predicted, double runNow, int uncounted) {
    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("runs", runs);
      json.put("kgCo2e", round(kg));
      json.put("predictedKgCo2e", round(predicted));
      json.put("runNowKgCo2e", round(runNow));
      json.put("savedKgCo2e", round(runNow - kg));
      json.put("savingPct", runNow > 0 ? Math.round((runNow - kg) / runNow * 1000) / 10.0 : null);
      json.put("runsWithoutIntensity", uncounted);
      return json;
    }
  }

  /** Realised and run-now figures count only runs that have both; the others are counted apart. */
  private static Sum sum(List<EndedRun> runs) {
    double kg = 0;
    double predicted = 0;
    double runNow = 0;
    int uncounted = 0;
    for (EndedRun run : runs) {
      Footprint f = run.footprint();
      if (Double.isFinite(f.kgCo2e()) && Double.isFinite(f.counterfactualKgCo2e())) {
        kg += f.kgCo2e();
        runNow += f.counterfactualKgCo2e();
        predicted += Double.isFinite(f.predictedKgCo2e()) ? f.predictedKgCo2e() : 0;
      } else {
        uncounted++;
      }
    }
    return new Sum(runs.size(), kg, predicted, runNow, uncounted);
  }

  private static double round(double kg) {
    return Math.round(kg * 1000) / 1000.0;
  }
}
