package io.carbonq.scheduler.api;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.TokenStore.Caller;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The plan as a picture needs it ({@code GET /v1/timeline}): every pool, each pool zone's intensity
 * from {@code back} hours ago to {@code hours} ahead, and the pieces jobs ran, run and are planned
 * to run in that span, each with the job's decision. A caller sees its own jobs; an admin sees
 * everyone's unless it asks for {@code ?scope=mine}.
 */
final class TimelineApi {
  /** The most bars one answer holds; the answer says how many were left out. */
  static final int MAX_BARS = 5_000;

  /** Finished jobs looked at for what ran in the span, the latest submitted first. */
  static final int FINISHED_LOOKED_AT = 2_000;

  private static final EnumSet<JobState> ACTIVE =
      EnumSet.of(JobState.PLANNED, JobState.DISPATCHED, JobState.RUNNING, JobState.PAUSED);

  private final QueueService service;

  TimelineApi(QueueService service) {
    this.service = service;
  }

  Map<String, Object> timeline(Context ctx, Caller caller) {
    int hours = QueryNumbers.whole(ctx, "hours", 48, 1, 336, "a whole number of hours");
    int back = QueryNumbers.whole(ctx, "back", 12, 0, 168, "a whole number of hours");
    Instant now = service.clock().instant();
    Instant from = now.minus(Duration.ofHours(back));
    Instant until = now.plus(Duration.ofHours(hours));

    JobFilter mine =
        ApiServer.seesEveryone(ctx, caller)
            ? JobFilter.all()
            : JobFilter.all().withOwner(caller.owner());
    List<QueuedJob> jobs = new ArrayList<>(service.list(mine.withStates(ACTIVE)));
    jobs.addAll(
        service.list(
            mine.withStates(EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED))
                .withNewestFirst()
                .withLimit(FINISHED_LOOKED_AT)));

    List<Map<String, Object>> bars = new ArrayList<>();
    int left = 0;
    for (QueuedJob job : jobs) {
      for (Map<String, Object> bar : bars(job, now, from, until)) {
        if (bars.size() < MAX_BARS) {
          bars.add(bar);
        } else {
          left++;
        }
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("now", now.toString());
    body.put("from", from.toString());
    body.put("until", until.toString());
    body.put("pools", pools());
    body.put("zones", zones(from, now, until));
    body.put("bars", bars);
    body.put("barsLeftOut", left);
    return body;
  }

  private List<Map<String, Object>> pools() {
    List<Map<String, Object>> pools = new ArrayList<>();
    for (NodePool pool : service.fleet().pools()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", pool.name());
      json.put("region", pool.region().name());
      json.put("zone", pool.region().zone());
      json.put("gpuModel", pool.gpuModel());
      json.put("gpus", pool.gpus());
      pools.add(json);
    }
    return pools;
  }

  /**
   * Each zone's intensity over the span, or why there is none; one zone's outage hides no other.
   * The hours ahead are the forecast the planner uses; the hours before now are asked apart, as a
   * live source may hold no past, which then only leaves that part blank.
   */
  private Map<String, Object> zones(Instant from, Instant now, Instant until) {
    Map<String, Object> zones = new LinkedHashMap<>();
    for (String zone : new TreeSet<>(service.fleet().poolZones())) {
      Map<String, Object> json = new LinkedHashMap<>();
      List<Map<String, Object>> points = new ArrayList<>();
      if (from.isBefore(now)) {
        try {
          IntensitySeries past =
              service.forecasts().forecast(zone, from, Duration.between(from, now));
          points.addAll(IntensityPoints.within(past, from, now));
          json.put("pastSource", past.source());
          json.put("pastKind", past.kind().name().toLowerCase(java.util.Locale.ROOT));
        } catch (ForecastException e) {
          json.put("pastError", e.getMessage());
        }
      }
      try {
        IntensitySeries ahead =
            service.forecasts().forecast(zone, now, Duration.between(now, until));
        List<Map<String, Object>> future = IntensityPoints.within(ahead, now, until);
        // The step that holds now may come in both answers: the forecast's is the one planned on.
        if (!future.isEmpty()) {
          String first = (String) future.get(0).get("start");
          points.removeIf(point -> ((String) point.get("start")).compareTo(first) >= 0);
        }
        points.addAll(future);
        json.put("source", ahead.source());
        json.put("kind", ahead.kind().name().toLowerCase(java.util.Locale.ROOT));
        json.put("stepMinutes", ahead.step().toMinutes());
      } catch (ForecastException e) {
        json.put("error", e.getMessage());
      }
      json.put("points", points);
      zones.put(zone, json);
    }
    return zones;
  }

  /** The pieces of one job inside the span: those it ran, the one running and those planned. */
  static List<Map<String, Object>> bars(QueuedJob job, Instant now, Instant from, Instant until) {
    List<Map<String, Object>> bars = new ArrayList<>();
    String pool =
        job.history().map(h -> h.pool()).orElse(job.plan().map(PlannedRun::pool).orElse(null));
    if (job.history().isPresent()) {
      Instant end = job.finishedAt().orElse(now);
      for (Segment piece : job.history().get().pieces(end)) {
        boolean open =
            job.history().get().runningSince().isPresent()
                && !piece.end().isBefore(now)
                && job.finishedAt().isEmpty();
        add(bars, job, pool, piece, open ? "running" : "ran", from, until);
      }
    }
    if (job.plan().isPresent() && !job.state().isFinal()) {
      PlannedRun plan = job.plan().get();
      for (Segment piece : plan.pieces()) {
        if (piece.end().isAfter(now)) {
          Segment ahead = new Segment(max(piece.start(), now), piece.end());
          add(bars, job, plan.pool(), ahead, "planned", from, until);
        }
      }
    }
    return bars;
  }

  private static void add(
      List<Map<String, Object>> bars,
      QueuedJob job,
      String pool,
      Segment piece,
      String kind,
      Instant from,
      Instant until) {
    if (!piece.end().isAfter(from) || !piece.start().isBefore(until) || pool == null) {
      return;
    }
    Map<String, Object> bar = new LinkedHashMap<>();
    bar.put("job", JobKeys.name(job.id()));
    bar.put("owner", job.owner());
    bar.put(
        "sweep", job.workload().sweep().map(sweep -> JobKeys.name(sweep.sweepId())).orElse(null));
    bar.put("state", job.state().label());
    bar.put("kind", kind);
    bar.put("pool", pool);
    bar.put("gpus", job.workload().gpus());
    bar.put("start", piece.start().toString());
    bar.put("end", piece.end().toString());
    job.plan()
        .ifPresent(
            plan -> {
              bar.put("kgCo2e", finite(plan.kgCo2e()));
              bar.put("runNowKgCo2e", finite(plan.nowKgCo2e()));
              bar.put("why", plan.why());
            });
    if (job.plan().isEmpty()) {
      bar.put("why", Objects.requireNonNullElse(job.stateReason(), ""));
    }
    bars.add(bar);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
  }
}
