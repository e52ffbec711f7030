package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.api.ApiServerTest.Reply;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.testing.DrivenServer;
import io.carbonq.scheduler.testing.MovableClock;
import io.carbonq.scheduler.testing.TwoValleys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/timeline}: the fleet's pools, their zones' intensity and the jobs' pieces. */
class TimelineApiTest extends ServedApiTest {

  JsonNode timeline(String token, String query) throws IOException {
    Reply reply = call("GET", "/v1/timeline" + query, token, null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  static String job(String name, int gpus, String model, String duration) {
    return job(name, gpus, model, duration, "36h");
  }

  /** Three jobs of ada, one of grace and one of the admin "ops", planned. */
  void planned() throws IOException {
    assertThat(call("POST", "/v1/jobs", ada, job("train-a", 8, "A100", "4h")).status())
        .isEqualTo(201);
    assertThat(call("POST", "/v1/jobs", ada, job("train-b", 4, "H100", "2h")).status())
        .isEqualTo(201);
    assertThat(call("POST", "/v1/jobs", ada, job("train-c", 2, "A100", "6h")).status())
        .isEqualTo(201);
    assertThat(call("POST", "/v1/jobs", grace, job("train-a", 16, "A100", "3h")).status())
        .isEqualTo(201);
    assertThat(call("POST", "/v1/jobs", admin, job("ops-check", 1, "H100", "1h")).status())
        .isEqualTo(201);
    service.planCycle();
  }

  /** A bar as the test compares them: owner, job, kind, pool, start and end. */
  record Bar(String owner, String job, String kind, String pool, String start, String end) {
    static Bar of(JsonNode bar) {
      return new Bar(
          bar.path("owner").asText(),
          bar.path("job").asText(),
          bar.path("kind").asText(),
          bar.path("pool").asText(),
          bar.path("start").asText(),
          bar.path("end").asText());
    }
  }

  static List<Bar> bars(JsonNode timeline) {
    List<Bar> bars = new ArrayList<>();
    timeline.path("bars").forEach(bar -> bars.add(Bar.of(bar)));
    return bars;
  }

  /**
   * The bars a job should have at {@code now}, from the job as {@code GET /v1/jobs/{id}} shows it:
   * a piece it ran, the piece it runs (no end yet: up to now), and the planned pieces not over,
   * from now on at the earliest.
   */
  List<Bar> expectedBars(String owner, String name, Instant now) throws IOException {
    JsonNode job = call("GET", "/v1/jobs/" + name + "?owner=" + owner, admin, null).json();
    List<Bar> bars = new ArrayList<>();
    String pool = job.path("plan").path("pool").asText();
    for (JsonNode piece : job.path("ran")) {
      boolean open = piece.path("end").isNull();
      bars.add(
          new Bar(
              owner,
              name,
              open ? "running" : "ran",
              pool,
              piece.path("start").asText(),
              open ? now.toString() : piece.path("end").asText()));
    }
    boolean finished =
        List.of("succeeded", "failed", "cancelled").contains(job.path("state").asText());
    if (!finished && job.path("plan").isObject()) {
      for (JsonNode piece : job.path("plan").path("pieces")) {
        Instant start = Instant.parse(piece.path("start").asText());
        Instant end = Instant.parse(piece.path("end").asText());
        if (end.isAfter(now)) {
          bars.add(
              new Bar(
                  owner,
                  name,
                  "planned",
                  pool,
                  (start.isAfter(now) ? start : now).toString(),
                  end.toString()));
        }
      }
    }
    return bars;
  }

  @Test
  void theTimelineHasEveryPoolOfTheFleetAndEachZonesIntensityOverTheSpan() throws Exception {
    JsonNode timeline = timeline(ada, "?hours=24&back=6");

    Instant from = NOW.minus(Duration.ofHours(6));
    Instant until = NOW.plus(Duration.ofHours(24));
    assertThat(timeline.path("now").asText()).isEqualTo(NOW.toString());
    assertThat(timeline.path("from").asText()).isEqualTo(from.toString());
    assertThat(timeline.path("until").asText()).isEqualTo(until.toString());
    assertThat(timeline.path("pools").findValuesAsText("name"))
        .containsExactlyElementsOf(fleet.pools().stream().map(NodePool::name).toList());
    for (int i = 0; i < fleet.pools().size(); i++) {
      NodePool pool = fleet.pools().get(i);
      JsonNode json = timeline.path("pools").get(i);
      assertThat(json.path("region").asText()).isEqualTo(pool.region().name());
      assertThat(json.path("zone").asText()).isEqualTo(pool.region().zone());
      assertThat(json.path("gpuModel").asText()).isEqualTo(pool.gpuModel());
      assertThat(json.path("gpus").asInt()).isEqualTo(pool.gpus());
    }
    List<String> zones = new ArrayList<>();
    timeline.path("zones").fieldNames().forEachRemaining(zones::add);
    assertThat(zones).containsExactlyInAnyOrderElementsOf(fleet.poolZones());
    for (String zone : zones) {
      JsonNode json = timeline.path("zones").path(zone);
      assertThat(json.has("error")).as(zone + ": " + json).isFalse();
      Duration step = Duration.ofMinutes(json.path("stepMinutes").asLong());
      assertThat(step).as(zone).isPositive();
      List<Instant> starts = new ArrayList<>();
      json.path("points").forEach(point -> starts.add(Instant.parse(point.path("start").asText())));
      assertThat(starts).as(zone).isNotEmpty();
      // The points cover the span, step after step, and reach no further than needed.
      assertThat(starts.get(0)).as(zone).isBeforeOrEqualTo(from);
      assertThat(starts.get(0).plus(step)).as(zone).isAfter(from);
      Instant last = starts.get(starts.size() - 1);
      assertThat(last.plus(step)).as(zone).isAfterOrEqualTo(until);
      assertThat(last).as(zone).isBefore(until);
      for (int i = 1; i < starts.size(); i++) {
        assertThat(Duration.between(starts.get(i - 1), starts.get(i))).as(zone).isEqualTo(step);
      }
      json.path("points")
          .forEach(point -> assertThat(point.path("gramsPerKwh").asDouble()).as(zone).isPositive());
    }
    assertThat(timeline.path("bars")).isEmpty();
    assertThat(timeline.path("barsLeftOut").asInt()).isZero();
  }

  @Test
  void eachPlannedJobHasBarsWhereAndWhenItsPlanRunsIt() throws Exception {
    planned();

    JsonNode timeline = timeline(ada, "");

    List<Bar> bars = bars(timeline);
    for (String name : List.of("train-a", "train-b", "train-c")) {
      JsonNode job = call("GET", "/v1/jobs/" + name, ada, null).json();
      JsonNode plan = job.path("plan");
      assertThat(job.path("state").asText()).isEqualTo("planned");
      List<JsonNode> own = new ArrayList<>();
      timeline.path("bars").forEach(bar -> own.add(bar));
      own.removeIf(bar -> !bar.path("job").asText().equals(name));
      own.sort(Comparator.comparing(bar -> bar.path("start").asText()));
      assertThat(own).as(name).isNotEmpty();
      assertThat(own.get(0).path("start").asText()).isEqualTo(plan.path("start").asText());
      assertThat(own.get(own.size() - 1).path("end").asText()).isEqualTo(plan.path("end").asText());
      assertThat(own).hasSize(plan.path("pieces").size());
      for (JsonNode bar : own) {
        assertThat(bar.path("kind").asText()).isEqualTo("planned");
        assertThat(bar.path("owner").asText()).isEqualTo("ada");
        assertThat(bar.path("state").asText()).isEqualTo("planned");
        assertThat(bar.path("pool").asText()).isEqualTo(plan.path("pool").asText());
        assertThat(bar.path("gpus").asInt()).isEqualTo(job.path("spec").path("gpus").asInt());
        assertThat(bar.path("why").asText()).isEqualTo(plan.path("why").asText());
        assertThat(bar.path("kgCo2e").asDouble()).isEqualTo(plan.path("kgCo2e").asDouble());
        assertThat(bar.path("runNowKgCo2e").asDouble())
            .isEqualTo(plan.path("runNowKgCo2e").asDouble());
      }
    }
    List<Bar> expected = new ArrayList<>();
    for (String name : List.of("train-a", "train-b", "train-c")) {
      expected.addAll(expectedBars("ada", name, NOW));
    }
    assertThat(bars).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void anOwnerSeesOnlyItsOwnBarsAndAnAdminEveryonesUnlessItAsksForItsOwn() throws Exception {
    planned();

    List<Bar> adas = bars(timeline(ada, ""));
    List<Bar> adasAll = bars(timeline(ada, "?scope=all"));
    List<Bar> graces = bars(timeline(grace, ""));
    List<Bar> everyone = bars(timeline(admin, ""));
    List<Bar> mine = bars(timeline(admin, "?scope=mine"));

    List<Bar> expectedAda = new ArrayList<>();
    for (String name : List.of("train-a", "train-b", "train-c")) {
      expectedAda.addAll(expectedBars("ada", name, NOW));
    }
    List<Bar> expectedGrace = expectedBars("grace", "train-a", NOW);
    List<Bar> expectedOps = expectedBars("ops", "ops-check", NOW);
    assertThat(adas).containsExactlyInAnyOrderElementsOf(expectedAda);
    assertThat(adasAll).containsExactlyInAnyOrderElementsOf(expectedAda);
    assertThat(graces).containsExactlyInAnyOrderElementsOf(expectedGrace).isNotEmpty();
    List<Bar> all = new ArrayList<>(expectedAda);
    all.addAll(expectedGrace);
    all.addAll(expectedOps);
    assertThat(everyone).containsExactlyInAnyOrderElementsOf(all);
    assertThat(mine).containsExactlyInAnyOrderElementsOf(expectedOps).isNotEmpty();
  }

  @Test
  void aDispatchedJobRunsUpToNowThenIsPlannedAndOnceFinishedHasRan() throws Exception {
    planned();
    String key = JobKeys.key("ada", "train-a");
    JsonNode plan = call("GET", "/v1/jobs/train-a", ada, null).json().path("plan");
    Instant start = Instant.parse(plan.path("start").asText());
    Instant end = Instant.parse(plan.path("end").asText());
    clock.now = start;
    service.dispatchDue();
    service.syncExecutor();
    Instant hourIn = start.plus(Duration.ofHours(1));
    clock.now = hourIn;
    service.syncExecutor();
    assertThat(service.get(key).orElseThrow().state()).isEqualTo(JobState.RUNNING);

    List<Bar> running = bars(timeline(ada, ""));

    String pool = plan.path("pool").asText();
    assertThat(running)
        .filteredOn(bar -> bar.job().equals("train-a"))
        .containsExactly(
            new Bar("ada", "train-a", "running", pool, start.toString(), hourIn.toString()),
            new Bar("ada", "train-a", "planned", pool, hourIn.toString(), end.toString()));
    List<Bar> expected = new ArrayList<>();
    for (String name : List.of("train-a", "train-b", "train-c")) {
      expected.addAll(expectedBars("ada", name, hourIn));
    }
    assertThat(running).containsExactlyInAnyOrderElementsOf(expected);

    clock.now = end.plus(Duration.ofMinutes(30));
    service.syncExecutor();
    assertThat(service.get(key).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

    List<Bar> finished = bars(timeline(ada, ""));

    assertThat(finished)
        .filteredOn(bar -> bar.job().equals("train-a"))
        .containsExactly(new Bar("ada", "train-a", "ran", pool, start.toString(), end.toString()));
    assertThat(bars(timeline(grace, ""))).noneMatch(bar -> bar.owner().equals("ada"));

    // Out of the span once it ended more than `back` hours ago.
    clock.now = end.plus(Duration.ofHours(3));
    assertThat(bars(timeline(ada, "?back=2"))).noneMatch(bar -> bar.job().equals("train-a"));
    assertThat(bars(timeline(ada, "?back=4")))
        .filteredOn(bar -> bar.job().equals("train-a"))
        .containsExactly(new Bar("ada", "train-a", "ran", pool, start.toString(), end.toString()));
  }

  @Test
  void aPausedJobShowsThePieceItRanAndThePlannedRestOnItsPool() throws Exception {
    try (DrivenServer driven = new DrivenServer()) {
      // The calls below go to this server, on a fleet that pauses.
      base = driven.url;
      QueueService valleys = driven.service;
      MovableClock monday = driven.clock;
      String token = driven.ada;
      String key = JobKeys.key("ada", "train-a");
      valleys.submit(TwoValleys.fourHourJob(key, true), Optional.empty());
      valleys.planCycle();
      List<Segment> pieces = valleys.get(key).orElseThrow().plan().orElseThrow().pieces();
      assertThat(pieces).hasSize(2);
      Segment first = pieces.get(0);
      Segment second = pieces.get(1);
      valleys.dispatchDue();
      valleys.syncExecutor();
      Instant hourIn = first.start().plus(Duration.ofHours(1));
      monday.now = hourIn;
      valleys.syncExecutor();

      assertThat(bars(timeline(token, "")))
          .containsExactly(
              bar("running", first.start(), hourIn),
              bar("planned", hourIn, first.end()),
              bar("planned", second.start(), second.end()));

      monday.now = first.end();
      valleys.dispatchDue();
      assertThat(valleys.get(key).orElseThrow().state()).isEqualTo(JobState.PAUSED);
      monday.now = first.end().plus(Duration.ofHours(1));

      assertThat(bars(timeline(token, "")))
          .containsExactly(
              bar("ran", first.start(), first.end()), bar("planned", second.start(), second.end()));

      monday.now = second.start();
      valleys.dispatchDue();
      valleys.syncExecutor();
      Instant resumed = second.start().plus(Duration.ofMinutes(30));
      monday.now = resumed;
      valleys.syncExecutor();
      assertThat(valleys.get(key).orElseThrow().state()).isEqualTo(JobState.RUNNING);

      assertThat(bars(timeline(token, "")))
          .containsExactly(
              bar("ran", first.start(), first.end()),
              bar("running", second.start(), resumed),
              bar("planned", resumed, second.end()));

      monday.now = second.end();
      valleys.syncExecutor();
      assertThat(valleys.get(key).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

      assertThat(bars(timeline(token, "")))
          .containsExactly(
              bar("ran", first.start(), first.end()), bar("ran", second.start(), second.end()));
    }
  }

  static Bar bar(String kind, Instant start, Instant end) {
    return new Bar("ada", "train-a", kind, "frankfurt-a100", start.toString(), end.toString());
  }

  @Test
  void aCancelledJobThatNeverRanHasNoBar() throws Exception {
    planned();

    assertThat(call("DELETE", "/v1/jobs/train-b", ada, null).status()).isEqualTo(200);

    assertThat(bars(timeline(ada, ""))).noneMatch(bar -> bar.job().equals("train-b")).isNotEmpty();
  }

  @Test
  void hoursAndBackOutsideTheirRangesAreBadRequests() throws Exception {
    for (String query :
        List.of(
            "?hours=0",
            "?hours=337",
            "?hours=-5",
            "?hours=1.5",
            "?hours=lots",
            "?hours=%D9%A4%D9%A8",
            "?hours=",
            "?back=-1",
            "?back=169",
            "?back=twelve")) {
      Reply reply = call("GET", "/v1/timeline" + query, ada, null);
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.contentType()).as(query).startsWith("application/problem+json");
      assertThat(reply.json().path("detail").asText())
          .as(query)
          .containsPattern("^(hours|back) must be a whole number of hours from ");
    }
    assertThat(call("GET", "/v1/timeline?hours=336&back=168", ada, null).status()).isEqualTo(200);
    assertThat(call("GET", "/v1/timeline?hours=1&back=0", ada, null).status()).isEqualTo(200);
    assertThat(call("GET", "/v1/timeline", null, null).status()).isEqualTo(401);
  }

  @Test
  void theOpenApiDocumentDescribesTheTimeline() throws Exception {
    JsonNode openApi = call("GET", "/v1/openapi.json", null, null).json();

    JsonNode timeline = openApi.path("paths").path("/v1/timeline").path("get");
    assertThat(timeline.path("parameters").findValuesAsText("name"))
        .containsExactlyInAnyOrder("hours", "back", "scope");
    assertThat(timeline.path("responses").fieldNames()).toIterable().contains("200", "400");
  }

  @Test
  void aSourceWithoutThePastStillDrawsTheHoursAhead() throws Exception {
    var traces = new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain();
    // As a live API: forecasts from now on, nothing before.
    io.carbonq.forecasts.api.ForecastSource onlyAhead =
        new io.carbonq.forecasts.api.ForecastSource() {
          @Override
          public String id() {
            return "only-ahead";
          }

          @Override
          public java.util.Set<String> zones() {
            return traces.zones();
          }

          @Override
          public io.carbonq.forecasts.api.IntensitySeries forecast(
              String zone, Instant issuedAt, Duration horizon) {
            if (issuedAt.isBefore(clock.now)) {
              throw new io.carbonq.forecasts.api.ForecastException("no data before now");
            }
            return traces.forecast(zone, issuedAt, horizon);
          }

          @Override
          public io.carbonq.forecasts.api.IntensitySeries actuals(
              String zone, Instant from, Instant to) {
            return traces.actuals(zone, from, to);
          }
        };
    QueueService live =
        new QueueService(
            new io.carbonq.scheduler.store.JdbcQueueStore(database.dataSource()),
            fleet,
            onlyAhead,
            new io.carbonq.scheduler.service.SimulatedExecutor(1),
            clock);
    TokenStore tokens = new TokenStore(database.dataSource());
    try (ApiServer liveServer = new ApiServer(live, tokens, () -> {})) {
      base = "http://127.0.0.1:" + liveServer.start("127.0.0.1", 0);

      JsonNode zone = timeline(admin, "?hours=24&back=12").path("zones").path("GB");

      assertThat(zone.path("pastError").asText()).isEqualTo("no data before now");
      assertThat(zone.has("error")).isFalse();
      assertThat(zone.path("points")).hasSize(24);
      assertThat(zone.path("points").get(0).path("start").asText()).isEqualTo(NOW.toString());
    }
  }
}
