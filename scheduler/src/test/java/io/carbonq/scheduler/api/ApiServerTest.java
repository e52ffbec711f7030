package io.carbonq.scheduler.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.TestData;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.SimulatedExecutor;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.testing.MovableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  static final Instant NOW = Instant.parse("2023-03-13T08:00:00Z");
  static final String JOB =
      "{\"name\": \"train-a\", \"image\": \"train:1\", \"gpus\": 8, \"gpuModel\": \"A100\","
          + " \"duration\": \"4h\", \"deadline\": \"36h\"}";

  final OkHttpClient http = new OkHttpClient();
  final AtomicInteger submissions = new AtomicInteger();
  Database database;
  QueueService service;
  ApiServer server;
  String base;
  String ada;
  String grace;
  String admin;
  String readOnly;

  final MovableClock clock = new MovableClock(NOW);

  @BeforeEach
  void start() {
    Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
    database = Database.inMemory("api-" + UUID.randomUUID());
    service =
        new QueueService(
            new JdbcQueueStore(database.dataSource()),
            fleet,
            new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain(),
            new SimulatedExecutor(1),
            clock);
    TokenStore tokens = new TokenStore(database.dataSource());
    ada = tokens.create("ada", EnumSet.of(Scope.READ, Scope.SUBMIT), NOW);
    grace = tokens.create("grace", EnumSet.of(Scope.READ, Scope.SUBMIT), NOW);
    admin = tokens.create("ops", EnumSet.of(Scope.ADMIN), NOW);
    readOnly = tokens.create("viewer", EnumSet.of(Scope.READ), NOW);
    server = new ApiServer(service, tokens, submissions::incrementAndGet);
    base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    database.close();
  }

  record Reply(int status, String contentType, JsonNode json) {}

  Reply call(String method, String path, String token, String body, Map<String, String> headers)
      throws IOException {
    return send(http, base + path, method, token, body, headers);
  }

  /** One request to {@code url}, with the token as bearer when there is one, read as JSON. */
  static Reply send(
      OkHttpClient http,
      String url,
      String method,
      String token,
      String body,
      Map<String, String> headers)
      throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    request.method(
        method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    try (Response response = http.newCall(request.build()).execute()) {
      String text = response.body().string();
      return new Reply(
          response.code(),
          response.header("Content-Type", ""),
          text.isEmpty() ? null : new ObjectMapper().readTree(text));
    }
  }

  Reply call(String method, String path, String token, String body) throws IOException {
    return call(method, path, token, body, Map.of());
  }

  @Test
  void anIdempotencyKeyMayNotPassForAKueueWorkload() throws Exception {
    Reply refused = call("POST", "/v1/jobs", ada, JOB, Map.of("Idempotency-Key", "kueue:1234"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("detail").asText()).startsWith("Idempotency-Key may not start");
    assertThat(call("GET", "/v1/jobs/train-a", ada, null).status()).isEqualTo(404);
  }

  @Test
  void aSubmittedJobIsStoredAndARetryWithTheSameKeyReturnsIt() throws Exception {
    Reply first = call("POST", "/v1/jobs", ada, JOB, Map.of("Idempotency-Key", "k-1"));
    Reply retry =
        call("POST", "/v1/jobs", ada, JOB.replace(", ", ",\n  "), Map.of("Idempotency-Key", "k-1"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().path("id").asText()).isEqualTo("train-a");
    assertThat(first.json().path("owner").asText()).isEqualTo("ada");
    assertThat(first.json().path("state").asText()).isEqualTo("queued");
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().path("id").asText()).isEqualTo("train-a");
    assertThat(submissions).hasValue(1);
  }

  @Test
  void namesBelongToTheirOwnerAndNeitherShowNorBlockAcrossOwners() throws Exception {
    Reply adas = call("POST", "/v1/jobs", ada, JOB);
    Reply graces = call("POST", "/v1/jobs", grace, JOB);
    Reply again = call("POST", "/v1/jobs", ada, JOB);

    assertThat(adas.status()).isEqualTo(201);
    assertThat(graces.status()).isEqualTo(201);
    assertThat(graces.json().path("id").asText()).isEqualTo("train-a");
    assertThat(graces.json().path("owner").asText()).isEqualTo("grace");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("detail").asText())
        .isEqualTo("a job named 'train-a' exists already; choose another name");
    assertThat(call("GET", "/v1/jobs/train-a", grace, null).json().path("owner").asText())
        .isEqualTo("grace");
    assertThat(call("GET", "/v1/jobs", grace, null).json().path("jobs")).hasSize(1);
    assertThat(call("DELETE", "/v1/jobs/train-a", grace, null).status()).isEqualTo(200);
    assertThat(call("GET", "/v1/jobs/train-a", ada, null).json().path("state").asText())
        .isEqualTo("queued");
    assertThat(
            call("GET", "/v1/jobs/train-a?owner=grace", admin, null).json().path("state").asText())
        .isEqualTo("cancelled");
    assertThat(call("GET", "/v1/jobs/train-a?owner=grace", ada, null).status()).isEqualTo(403);
  }

  @Test
  void anotherOwnersJobIsNotSeenToExist() throws Exception {
    call("POST", "/v1/jobs", ada, JOB.replace("train-a", "secret-project"));

    Reply probe = call("GET", "/v1/jobs/secret-project", grace, null);
    Reply take = call("POST", "/v1/jobs", grace, JOB.replace("train-a", "secret-project"));

    assertThat(probe.status()).isEqualTo(404);
    assertThat(probe.json().path("detail").asText()).isEqualTo("no job 'secret-project' of grace");
    assertThat(take.status()).isEqualTo(201);
  }

  @Test
  void twoOwnersSweepsOfOneNameKeepTheirOwnTrials() throws Exception {
    String sweep =
        "{\"name\": \"lr\", \"template\": {\"image\": \"t:1\", \"duration\": \"1h\","
            + " \"deadline\": \"36h\", \"gpuModel\": \"A100\"}, \"parameters\": {\"lr\": [1, 2]}}";

    assertThat(call("POST", "/v1/sweeps", ada, sweep).status()).isEqualTo(201);
    Reply graces = call("POST", "/v1/sweeps", grace, sweep);

    assertThat(graces.status()).isEqualTo(201);
    assertThat(graces.json().path("sweep").asText()).isEqualTo("lr");
    assertThat(graces.json().path("trials").findValuesAsText("id"))
        .containsExactly("lr-000", "lr-001");
    JsonNode listed = call("GET", "/v1/jobs?sweep=lr", grace, null).json().path("jobs");
    assertThat(listed.findValuesAsText("owner")).containsOnly("grace").hasSize(2);
    assertThat(listed.findValuesAsText("sweep")).containsOnly("lr");
  }

  @Test
  void aKeyReusedWithAnotherRequestIsRefusedAndQueuesNothing() throws Exception {
    call("POST", "/v1/jobs", ada, JOB, Map.of("Idempotency-Key", "k-1"));

    Reply reused =
        call(
            "POST",
            "/v1/jobs",
            ada,
            JOB.replace("train-a", "train-b"),
            Map.of("Idempotency-Key", "k-1"));
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.json().path("detail").asText())
        .contains("Idempotency-Key 'k-1' was used before with a different request");
    assertThat(service.get("train-b")).isEmpty();
    assertThat(submissions).hasValue(1);
  }

  @Test
  void aRetriedUnnamedSweepAnswersWithTheSweepItQueued() throws Exception {
    String sweep =
        "{\"template\": {\"image\": \"t:1\", \"duration\": \"1h\", \"deadline\": \"36h\","
            + " \"gpuModel\": \"A100\"}, \"parameters\": {\"lr\": [1, 2]}}";
    Reply first = call("POST", "/v1/sweeps", ada, sweep, Map.of("Idempotency-Key", "s-1"));
    Reply retry = call("POST", "/v1/sweeps", ada, sweep, Map.of("Idempotency-Key", "s-1"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(200);
    String id = first.json().path("sweep").asText();
    assertThat(retry.json().path("sweep").asText()).isEqualTo(id);
    assertThat(call("GET", "/v1/jobs?sweep=" + id, ada, null).json().path("jobs")).hasSize(2);
  }

  @Test
  void anInvalidSpecIsA400NamingEachField() throws Exception {
    Reply reply =
        call(
            "POST",
            "/v1/jobs",
            ada,
            "{\"image\": \"x\", \"gpus\": -1, \"duration\": \"soon\", \"deadline\": \"1h\"}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().path("type").asText()).endsWith("/invalid-spec");
    assertThat(reply.json().path("errors").findValuesAsText("field")).contains("gpus", "duration");
  }

  @Test
  void malformedAndOversizedBodiesAreRefusedAsBadInput() throws Exception {
    assertThat(call("POST", "/v1/jobs", ada, "{\"image\": ").status()).isEqualTo(400);
    assertThat(
            call("POST", "/v1/jobs", ada, "{\"image\": \"" + "x".repeat(400_000) + "\"}").status())
        .isEqualTo(413);
    assertThat(call("GET", "/v1/jobs?limit=lots", ada, null).json().path("detail").asText())
        .startsWith("limit must be a whole number");
    assertThat(call("GET", "/v1/jobs?state=sleeping", ada, null).json().path("detail").asText())
        .contains("state 'sleeping' is unknown");
  }

  @Test
  void tokensAreCheckedForPresenceAndScope() throws Exception {
    assertThat(call("GET", "/v1/jobs", null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/v1/jobs", "cq_forged", null).status()).isEqualTo(401);
    Reply forbidden = call("POST", "/v1/jobs", readOnly, JOB);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().path("detail").asText()).contains("needs the submit scope");
    assertThat(call("GET", "/healthz", null, null).status()).isEqualTo(200);
    assertThat(call("GET", "/readyz", null, null).json().path("status").asText())
        .isEqualTo("ready");
    assertThat(call("GET", "/v1/openapi.json", null, null).json().path("openapi").asText())
        .startsWith("3.");
  }

  @Test
  void ownersSeeAndCancelOnlyTheirOwnJobsUnlessAdmin() throws Exception {
    call("POST", "/v1/jobs", ada, JOB);

    assertThat(call("GET", "/v1/jobs/train-a", grace, null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v1/jobs/train-a", grace, null).status()).isEqualTo(404);
    assertThat(call("GET", "/v1/jobs", grace, null).json().path("jobs")).isEmpty();
    assertThat(call("GET", "/v1/jobs?owner=ada", grace, null).status()).isEqualTo(403);
    assertThat(call("GET", "/v1/jobs", admin, null).json().path("jobs")).hasSize(1);

    Reply cancelled = call("DELETE", "/v1/jobs/train-a", ada, null);
    assertThat(cancelled.json().path("state").asText()).isEqualTo("cancelled");
    assertThat(call("DELETE", "/v1/jobs/train-a", ada, null).status()).isEqualTo(409);
    assertThat(
            call("GET", "/v1/jobs/train-a/decisions", ada, null)
                .json()
                .path("decisions")
                .findValuesAsText("event"))
        .containsExactly("submitted", "cancelled");
  }

  @Test
  void aNameInUseIsAConflict() throws Exception {
    call("POST", "/v1/jobs", ada, JOB);

    Reply again = call("POST", "/v1/jobs", ada, JOB);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("detail").asText()).contains("choose another name");
  }

  @Test
  void aWhatIfSaysWhereWhenAndHowMuchWithoutQueueing() throws Exception {
    Reply plan = call("POST", "/v1/plan", ada, JOB);

    assertThat(plan.status()).isEqualTo(200);
    assertThat(plan.json().path("decision").asText()).isEqualTo("placed");
    assertThat(plan.json().path("kgCo2e").asDouble())
        .isLessThanOrEqualTo(plan.json().path("runNowKgCo2e").asDouble());
    assertThat(plan.json().path("forecastSource").asText()).startsWith("electricitymaps-trace");
    assertThat(call("GET", "/v1/jobs", ada, null).json().path("jobs")).isEmpty();
  }

  @Test
  void aSweepQueuesAllItsTrials() throws Exception {
    String sweep =
        "{\"name\": \"lr\", \"template\": {\"image\": \"t:1\", \"gpuModel\": \"H100\", \"duration\": \"1h\","
            + " \"deadline\": \"2d\"}, \"parameters\": {\"lr\": [0.001, 0.0003]}, \"maxParallel\": 1}";

    Reply reply = call("POST", "/v1/sweeps", ada, sweep);

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().path("trials").findValuesAsText("id"))
        .containsExactly("lr-000", "lr-001");
    assertThat(call("GET", "/v1/jobs?sweep=lr", ada, null).json().path("jobs")).hasSize(2);
  }

  static final String SWEEP =
      "{\"name\": \"lr\", \"template\": {\"image\": \"t:1\", \"gpuModel\": \"H100\","
          + " \"duration\": \"1h\", \"deadline\": \"2d\"}, \"parameters\": {\"lr\": [0.001,"
          + " 0.0003]}, \"maxParallel\": 1}";

  @Test
  void aSweepsStatusCountsItsTrialsByStateWithTheirPlannedEmissionsAndLastEnd() throws Exception {
    call("POST", "/v1/sweeps", ada, SWEEP);
    Reply queued = call("GET", "/v1/sweeps/lr", ada, null);
    service.planCycle();

    Reply planned = call("GET", "/v1/sweeps/lr", ada, null);

    assertThat(queued.status()).isEqualTo(200);
    assertThat(queued.json().path("states").path("queued").asInt()).isEqualTo(2);
    assertThat(queued.json().path("plannedKgCo2e").isNull()).isTrue();
    assertThat(queued.json().path("unplanned").asInt()).isEqualTo(2);
    assertThat(queued.json().path("expectedEnd").isNull()).isTrue();
    JsonNode sweep = planned.json();
    assertThat(sweep.path("sweep").asText()).isEqualTo("lr");
    assertThat(sweep.path("trials").asInt()).isEqualTo(2);
    assertThat(sweep.path("maxParallel").asInt()).isEqualTo(1);
    assertThat(sweep.path("states").path("planned").asInt()).isEqualTo(2);
    assertThat(sweep.path("states").path("running").asInt()).isZero();
    assertThat(sweep.path("open").asInt()).isEqualTo(2);
    double kg = 0;
    String lastEnd = "";
    for (String trial : List.of("lr-000", "lr-001")) {
      JsonNode plan = call("GET", "/v1/jobs/" + trial, ada, null).json().path("plan");
      kg += plan.path("kgCo2e").asDouble();
      lastEnd =
          plan.path("end").asText().compareTo(lastEnd) > 0 ? plan.path("end").asText() : lastEnd;
    }
    assertThat(sweep.path("plannedKgCo2e").asDouble())
        .isCloseTo(kg, org.assertj.core.data.Offset.offset(0.002));
    assertThat(sweep.path("plannedTrials").asInt()).isEqualTo(2);
    assertThat(sweep.path("realisedKgCo2e").isNull()).isTrue();
    assertThat(sweep.path("expectedEnd").asText()).isEqualTo(lastEnd);
    assertThat(call("GET", "/v1/sweeps/lr", grace, null).json().path("detail").asText())
        .isEqualTo("no sweep 'lr' of grace");
    assertThat(call("GET", "/v1/sweeps/lr?owner=ada", admin, null).status()).isEqualTo(200);
    JsonNode documented =
        call("GET", "/v1/openapi.json", null, null).json().path("paths").path("/v1/sweeps/{id}");
    assertThat(documented.has("get") && documented.has("delete")).isTrue();
  }

  @Test
  void cancellingASweepCancelsEveryOpenTrialAndLeavesTheFinishedOnes() throws Exception {
    call("POST", "/v1/sweeps", ada, SWEEP);
    call("DELETE", "/v1/jobs/lr-000", ada, null);

    Reply refused = call("DELETE", "/v1/sweeps/lr", grace, null);
    Reply cancelled = call("DELETE", "/v1/sweeps/lr", ada, null);
    Reply again = call("DELETE", "/v1/sweeps/lr", ada, null);

    assertThat(refused.status()).isEqualTo(404);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().path("cancelled").toString()).isEqualTo("[\"lr-001\"]");
    assertThat(cancelled.json().path("finished").asInt()).isEqualTo(1);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("detail").asText())
        .isEqualTo("sweep 'lr' has no open trial to cancel: its 2 trials have finished");
    JsonNode status = call("GET", "/v1/sweeps/lr", ada, null).json();
    assertThat(status.path("states").path("cancelled").asInt()).isEqualTo(2);
    assertThat(status.path("open").asInt()).isZero();
    assertThat(status.path("finishedAt").asText()).isEqualTo(NOW.toString());
  }

  @Test
  void resubmittingASweepNamesTheSweepNotItsFirstTrial() throws Exception {
    call("POST", "/v1/sweeps", ada, SWEEP);
    call("POST", "/v1/jobs", ada, JOB.replace("train-a", "grid-001"));

    Reply again = call("POST", "/v1/sweeps", ada, SWEEP);
    Reply clash = call("POST", "/v1/sweeps", ada, SWEEP.replace("\"lr\"", "\"grid\""));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("detail").asText())
        .isEqualTo("a sweep named 'lr' exists already; choose another name");
    assertThat(clash.status()).isEqualTo(409);
    assertThat(clash.json().path("detail").asText())
        .isEqualTo(
            "sweep 'grid' cannot be queued: a job named 'grid-001' exists already; choose another"
                + " name");
    assertThat(call("GET", "/v1/jobs?sweep=grid", ada, null).json().path("jobs")).isEmpty();
  }

  @Test
  void anArrayQueuesOneTrialPerIndexGivenInItsEnvironment() throws Exception {
    Reply reply =
        call(
            "POST",
            "/v1/sweeps",
            ada,
            "{\"name\": \"arr\", \"template\": {\"image\": \"t:1\", \"command\": [\"run\"],"
                + " \"duration\": \"1h\", \"deadline\": \"2d\"}, \"array\": \"1,3,5%2\"}");
    Reply tooMany =
        call(
            "POST",
            "/v1/sweeps",
            ada,
            "{\"template\": {\"image\": \"t:1\", \"duration\": \"1h\", \"deadline\": \"2d\"},"
                + " \"array\": \"0-10000\"}");

    assertThat(reply.status()).isEqualTo(201);
    JsonNode trials = reply.json().path("trials");
    assertThat(trials.findValuesAsText("id")).containsExactly("arr-1", "arr-3", "arr-5");
    assertThat(trials.get(2).path("spec").path("env").path("CARBONQ_ARRAY_TASK_ID").asText())
        .isEqualTo("5");
    assertThat(trials.get(2).path("spec").path("command").toString()).isEqualTo("[\"run\"]");
    assertThat(call("GET", "/v1/sweeps/arr", ada, null).json().path("maxParallel").asInt())
        .isEqualTo(2);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().path("errors").get(0).path("field").asText()).isEqualTo("array");
  }

  @Test
  void aJobSpecSentAsASweepAndASweepSpecSentAsAJobSayWhereToSendThem() throws Exception {
    Reply jobAsSweep = call("POST", "/v1/sweeps", ada, JOB);
    Reply sweepAsJob = call("POST", "/v1/jobs", ada, SWEEP);

    assertThat(jobAsSweep.status()).isEqualTo(400);
    assertThat(jobAsSweep.json().path("errors").get(0).path("message").asText())
        .isEqualTo(
            "is a job spec (it has no template or parameters): submit it as a job (POST /v1/jobs,"
                + " carbonq submit FILE)");
    assertThat(sweepAsJob.status()).isEqualTo(400);
    assertThat(sweepAsJob.json().path("errors").get(0).path("message").asText())
        .isEqualTo(
            "is a sweep spec (it has template and parameters): submit it as a sweep (POST"
                + " /v1/sweeps, carbonq sweep FILE)");
  }

  @Test
  void anUnknownPathIsAProblemToo() throws Exception {
    Reply reply = call("GET", "/v2/nothing", ada, null);

    assertThat(reply.status()).isEqualTo(404);
  }

  @Test
  void metricsShowTheQueueItsEmissionsAndThePlanningCycle() throws Exception {
    call("POST", "/v1/jobs", ada, JOB);
    service.planCycle();

    Request request = new Request.Builder().url(base + "/metrics").build();
    String metrics;
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.header("Content-Type")).startsWith("text/plain");
      metrics = response.body().string();
    }

    assertThat(metrics)
        .contains("carbonq_jobs{state=\"planned\"} 1.0")
        .contains("carbonq_jobs{state=\"queued\"} 0.0")
        .contains("carbonq_planning_cycle_seconds_count 1");
    double planned = value(metrics, "carbonq_planned_kgco2e");
    double now = value(metrics, "carbonq_run_now_kgco2e");
    assertThat(planned).isPositive().isLessThanOrEqualTo(now);
    assertThat(value(metrics, "carbonq_saved_kgco2e"))
        .isCloseTo(now - planned, org.assertj.core.api.Assertions.within(1e-9));
  }

  static double value(String metrics, String name) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " missing from\n" + metrics));
  }

  @Test
  void theForecastTheServicePlansWithIsServedForAZoneOrARegion() throws Exception {
    Reply byZone = call("GET", "/v1/forecasts/gb?hours=24", ada, null);
    Reply byRegion = call("GET", "/v1/forecasts/gcp:europe-west3?hours=6", ada, null);

    assertThat(byZone.status()).isEqualTo(200);
    assertThat(byZone.json().path("zone").asText()).isEqualTo("GB");
    assertThat(byZone.json().path("points")).hasSize(24);
    assertThat(byRegion.json().path("zone").asText()).isEqualTo("DE");
    assertThat(call("GET", "/v1/forecasts/XX", ada, null).status()).isEqualTo(404);
    assertThat(call("GET", "/v1/forecasts/gcp:nowhere", ada, null).status()).isEqualTo(400);
    assertThat(call("GET", "/v1/forecasts/GB?hours=0", ada, null).status()).isEqualTo(400);
  }

  @Test
  void anEstimateIsTheSameAsTheCommandLinesAndBadFieldsAre400() throws Exception {
    Reply estimate =
        call(
            "POST",
            "/v1/estimate",
            readOnly,
            "{\"gpu\": \"A100\", \"gpus\": 8, \"hours\": 12, \"region\": \"gcp:europe-west3\", \"at\": \"2023-06-01T00:00Z\"}");

    assertThat(estimate.status()).isEqualTo(200);
    assertThat(estimate.json().path("energyKwh").asDouble()).isEqualTo(42.24);
    assertThat(estimate.json().path("kgCo2e").asDouble())
        .isCloseTo(
            42.24 * estimate.json().path("gramsPerKwh").asDouble() / 1000,
            org.assertj.core.api.Assertions.within(0.01));
    assertThat(
            call(
                    "POST",
                    "/v1/estimate",
                    readOnly,
                    "{\"gpu\": \"A1OO\", \"hours\": 1, \"zone\": \"DE\"}")
                .json()
                .path("detail")
                .asText())
        .startsWith("gpu: unknown GPU model 'A1OO'");
    assertThat(
            call(
                    "POST",
                    "/v1/estimate",
                    readOnly,
                    "{\"gpu\": \"A100\", \"hours\": 0, \"zone\": \"DE\"}")
                .status())
        .isEqualTo(400);
  }

  @Test
  void aRevokedTokenIsRefusedFromTheNextRequestOn() throws Exception {
    assertThat(call("GET", "/v1/jobs", grace, null).status()).isEqualTo(200);
    String id = tokenId("grace");

    clock.now = NOW.plusSeconds(90);
    Reply revoked = call("DELETE", "/v1/tokens/" + id, admin, null);
    Reply refused = call("GET", "/v1/jobs", grace, null);

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().path("state").asText()).isEqualTo("revoked");
    assertThat(revoked.json().path("revokedAt").asText()).isEqualTo("2023-03-13T08:01:30Z");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().path("type").asText()).endsWith("/token-revoked");
    assertThat(refused.json().path("detail").asText())
        .isEqualTo(
            "token " + id + " was revoked on 2023-03-13T08:01:30Z; ask an admin for another");
    assertThat(call("DELETE", "/v1/tokens/" + id, admin, null).status()).isEqualTo(200);
    assertThat(call("DELETE", "/v1/tokens/tok_nosuchtoken", admin, null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v1/tokens/" + tokenId("ada"), ada, null).status()).isEqualTo(403);
  }

  @Test
  void aTokenMadeToExpireIsRefusedOnceItHas() throws Exception {
    Reply made =
        call(
            "POST",
            "/v1/tokens",
            admin,
            "{\"owner\": \"intern\", \"scopes\": [\"read\"], \"expiresIn\": \"1h\"}");
    String token = made.json().path("token").asText();

    assertThat(made.status()).isEqualTo(201);
    assertThat(made.json().path("id").asText()).matches("tok_[a-z0-9]{12}");
    assertThat(made.json().path("expiresAt").asText()).isEqualTo("2023-03-13T09:00:00Z");
    clock.now = NOW.plus(Duration.ofMinutes(59));
    assertThat(call("GET", "/v1/jobs", token, null).status()).isEqualTo(200);
    clock.now = NOW.plus(Duration.ofHours(1));
    Reply expired = call("GET", "/v1/jobs", token, null);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().path("type").asText()).endsWith("/token-expired");
    assertThat(expired.json().path("detail").asText()).contains("expired on 2023-03-13T09:00:00Z");
    assertThat(
            call(
                    "POST",
                    "/v1/tokens",
                    admin,
                    "{\"owner\": \"x\", \"scopes\": [\"read\"], \"expiresIn\": \"soon\"}")
                .json()
                .path("detail")
                .asText())
        .startsWith("expiresIn must be a duration from 1m to 3650d");
    // A misspelt expiry is refused, not taken for no expiry.
    Reply misspelt =
        call(
            "POST",
            "/v1/tokens",
            admin,
            "{\"owner\": \"x\", \"scopes\": [\"read\"], \"expires\": \"1h\"}");
    assertThat(misspelt.status()).isEqualTo(400);
    assertThat(misspelt.json().path("detail").asText())
        .isEqualTo("unknown field 'expires'; use owner, scopes, expiresIn");
  }

  @Test
  void theTokenListShowsEveryTokenButNeverItsSecretOrHash() throws Exception {
    call("GET", "/v1/jobs", ada, null);

    Reply list = call("GET", "/v1/tokens", admin, null);

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("total").asInt()).isEqualTo(4);
    assertThat(list.json().path("next").isNull()).isTrue();
    assertThat(list.json().path("tokens").findValuesAsText("owner"))
        .containsExactlyInAnyOrder("ada", "grace", "ops", "viewer");
    JsonNode adas = row(list.json().path("tokens"), "ada");
    assertThat(adas.path("scopes").toString()).isEqualTo("[\"read\",\"submit\"]");
    assertThat(adas.path("createdAt").asText()).isEqualTo("2023-03-13T08:00:00Z");
    assertThat(adas.path("lastUsedAt").asText()).isEqualTo("2023-03-13T08:00:00Z");
    assertThat(adas.path("expiresAt").isNull()).isTrue();
    assertThat(adas.path("state").asText()).isEqualTo("active");
    assertThat(row(list.json().path("tokens"), "grace").path("lastUsedAt").isNull()).isTrue();
    for (String token : new String[] {ada, grace, admin, readOnly}) {
      assertThat(list.json().toString()).doesNotContain(token).doesNotContain(sha256(token));
    }
    assertThat(call("GET", "/v1/tokens", ada, null).status()).isEqualTo(403);
    Reply firstPage = call("GET", "/v1/tokens?limit=3", admin, null);
    Reply secondPage =
        call("GET", "/v1/tokens?cursor=" + firstPage.json().path("next").asText(), admin, null);
    assertThat(firstPage.json().path("tokens")).hasSize(3);
    assertThat(secondPage.json().path("tokens")).hasSize(1);
  }

  @Test
  void theLastAdminTokenIsKept() throws Exception {
    Reply refused = call("DELETE", "/v1/tokens/" + tokenId("ops"), admin, null);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("detail").asText()).contains("last admin token");
    assertThat(call("GET", "/v1/jobs", admin, null).status()).isEqualTo(200);
  }

  @Test
  void aLongListComesInPagesThatWalkEveryJobOnce() throws Exception {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      Workload workload =
          TestData.aWorkload(String.format("job-%04d", i)).owner("ada").image("t:1").build();
      jobs.add(QueuedJob.submitted(workload, Optional.empty(), NOW.plusMillis(i / 2)));
    }
    new JdbcQueueStore(database.dataSource()).submitAll(jobs);
    clock.now = NOW.plusSeconds(5);

    Reply first = call("GET", "/v1/jobs?limit=100000", ada, null);
    assertThat(first.json().path("jobs")).hasSize(500);
    assertThat(first.json().path("limit").asInt()).isEqualTo(500);
    assertThat(first.json().path("total").asInt()).isEqualTo(1200);
    assertThat(call("GET", "/v1/jobs", ada, null).json().path("jobs")).hasSize(500);

    List<String> seen = new ArrayList<>(first.json().path("jobs").findValuesAsText("id"));
    JsonNode page = first.json();
    int submitted = 0;
    while (!page.path("next").isNull()) {
      call("POST", "/v1/jobs", ada, JOB.replace("train-a", "between-" + submitted++));
      page = call("GET", "/v1/jobs?cursor=" + page.path("next").asText(), ada, null).json();
      seen.addAll(page.path("jobs").findValuesAsText("id"));
    }

    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen.subList(0, 1200))
        .containsExactlyElementsOf(jobs.stream().map(QueuedJob::id).toList());
    assertThat(seen.subList(1200, seen.size())).containsExactly("between-0", "between-1");
    assertThat(page.path("total").asInt()).isEqualTo(1202);
  }

  @Test
  void filtersCombineWithTheCursorAndABadCursorIsA400() throws Exception {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String owner = i % 2 == 0 ? "ada" : "grace";
      Workload workload =
          TestData.aWorkload(JobKeys.key(owner, "job-" + i)).owner(owner).image("t:1").build();
      jobs.add(QueuedJob.submitted(workload, Optional.empty(), NOW.plusSeconds(i)));
    }
    new JdbcQueueStore(database.dataSource()).submitAll(jobs);
    call("DELETE", "/v1/jobs/job-4", ada, null);

    Reply first = call("GET", "/v1/jobs?owner=ada&state=queued&limit=2", admin, null);
    Reply second =
        call(
            "GET",
            "/v1/jobs?owner=ada&state=queued&limit=2&cursor=" + first.json().path("next").asText(),
            admin,
            null);
    Reply last =
        call(
            "GET",
            "/v1/jobs?owner=ada&state=queued&limit=2&cursor=" + second.json().path("next").asText(),
            admin,
            null);

    assertThat(first.json().path("total").asInt()).isEqualTo(5);
    assertThat(first.json().path("jobs").findValuesAsText("id")).containsExactly("job-0", "job-2");
    assertThat(second.json().path("jobs").findValuesAsText("id")).containsExactly("job-6", "job-8");
    assertThat(last.json().path("jobs").findValuesAsText("id")).containsExactly("job-10");
    assertThat(last.json().path("next").isNull()).isTrue();
    String tokensCursor = Base64.getUrlEncoder().encodeToString("tokens|0|tok_0".getBytes(UTF_8));
    Reply wrongList = call("GET", "/v1/jobs?cursor=" + tokensCursor, admin, null);
    assertThat(wrongList.status()).isEqualTo(400);
    assertThat(wrongList.json().path("detail").asText())
        .startsWith("cursor is not one this server gave for the jobs list");
    assertThat(call("GET", "/v1/jobs?cursor=bm9ub25zZW5zZQ", admin, null).status()).isEqualTo(400);
    String noTime = Base64.getUrlEncoder().encodeToString("jobs|soon|job-1".getBytes(UTF_8));
    assertThat(call("GET", "/v1/jobs?cursor=" + noTime, admin, null).status()).isEqualTo(400);
    assertThat(call("GET", "/v1/jobs?limit=0", admin, null).status()).isEqualTo(400);
  }

  @Test
  void orderNewestListsTheLatestSubmissionFirstAndItsCursorKeepsThatOrder() throws Exception {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Workload workload = TestData.aWorkload("job-" + i).owner("ada").image("t:1").build();
      jobs.add(QueuedJob.submitted(workload, Optional.empty(), NOW.plusSeconds(i)));
    }
    new JdbcQueueStore(database.dataSource()).submitAll(jobs);

    Reply first = call("GET", "/v1/jobs?order=newest&limit=2", ada, null);
    String next = first.json().path("next").asText();
    Reply second = call("GET", "/v1/jobs?order=newest&limit=2&cursor=" + next, ada, null);

    assertThat(first.json().path("jobs").findValuesAsText("id")).containsExactly("job-4", "job-3");
    assertThat(first.json().path("total").asInt()).isEqualTo(5);
    assertThat(second.json().path("jobs").findValuesAsText("id")).containsExactly("job-2", "job-1");
    assertThat(
            call("GET", "/v1/jobs?order=oldest&limit=2", ada, null)
                .json()
                .path("jobs")
                .findValuesAsText("id"))
        .containsExactly("job-0", "job-1");
    assertThat(call("GET", "/v1/jobs?cursor=" + next, ada, null).status()).isEqualTo(400);
    Reply badOrder = call("GET", "/v1/jobs?order=latest", ada, null);
    assertThat(badOrder.status()).isEqualTo(400);
    assertThat(badOrder.json().path("detail").asText())
        .isEqualTo("order must be oldest or newest, got 'latest'");
  }

  @Test
  void aDecisionLogComesInPagesToo() throws Exception {
    call("POST", "/v1/jobs", ada, JOB);
    call("DELETE", "/v1/jobs/train-a", ada, null);

    Reply first = call("GET", "/v1/jobs/train-a/decisions?limit=1", ada, null);
    Reply second =
        call(
            "GET",
            "/v1/jobs/train-a/decisions?limit=1&cursor=" + first.json().path("next").asText(),
            ada,
            null);

    assertThat(first.json().path("id").asText()).isEqualTo("train-a");
    assertThat(first.json().path("total").asInt()).isEqualTo(2);
    assertThat(first.json().path("decisions").findValuesAsText("event"))
        .containsExactly("submitted");
    assertThat(second.json().path("decisions").findValuesAsText("event"))
        .containsExactly("cancelled");
    assertThat(second.json().path("next").isNull()).isTrue();
    String jobsCursor = Base64.getUrlEncoder().encodeToString("decisions|0|x".getBytes(UTF_8));
    assertThat(call("GET", "/v1/jobs/train-a/decisions?cursor=" + jobsCursor, ada, null).status())
        .isEqualTo(400);
  }

  String tokenId(String owner) throws IOException {
    return row(call("GET", "/v1/tokens", admin, null).json().path("tokens"), owner)
        .path("id")
        .asText();
  }

  static JsonNode row(JsonNode tokens, String owner) {
    for (JsonNode token : tokens) {
      if (token.path("owner").asText().equals(owner)) {
        return token;
      }
    }
    throw new AssertionError("no token of " + owner + " in " + tokens);
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
  }

  int stored() throws Exception {
    try (var connection = database.dataSource().getConnection();
        var count =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT (SELECT COUNT(*) FROM workloads) + (SELECT COUNT(*) FROM sweeps)")) {
      count.next();
      return count.getInt(1);
    }
  }

  @Test
  void aDurationTheStoreCannotHoldIsRefusedAndTheQueueStillPlans() throws Exception {
    for (String duration : new String[] {"PT0.5S", "PT0.000000001S", "PT1H0.5S", "30s"}) {
      Reply reply = call("POST", "/v1/jobs", ada, JOB.replace("\"4h\"", "\"" + duration + "\""));

      assertThat(reply.status()).as(duration).isEqualTo(400);
      assertThat(reply.json().path("errors").findValuesAsText("field")).containsExactly("duration");
    }
    assertThat(stored()).isZero();

    assertThat(call("POST", "/v1/jobs", ada, JOB).status()).isEqualTo(201);
    service.planCycle();
    assertThat(call("GET", "/v1/jobs/train-a", ada, null).json().path("state").asText())
        .isEqualTo("planned");
  }

  @Test
  void aSweepWhoseGridOverflowsIsA400NamingTheGridNotA500() throws Exception {
    for (int[] shape : new int[][] {{40, 3}, {64, 2}, {30, 2}}) {
      StringBuilder parameters = new StringBuilder();
      for (int i = 0; i < shape[0]; i++) {
        parameters.append(i == 0 ? "" : ", ").append("\"p").append(i).append("\": [");
        for (int v = 0; v < shape[1]; v++) {
          parameters.append(v == 0 ? "" : ", ").append(v);
        }
        parameters.append("]");
      }
      String sweep =
          "{\"name\": \"grid\", \"template\": {\"image\": \"t:1\", \"duration\": \"1h\","
              + " \"deadline\": \"2d\"}, \"parameters\": {"
              + parameters
              + "}}";

      Reply reply = call("POST", "/v1/sweeps", ada, sweep);

      assertThat(reply.status()).as(shape[0] + "×" + shape[1]).isEqualTo(400);
      assertThat(reply.json().path("errors").findValuesAsText("field"))
          .containsExactly("parameters");
      assertThat(reply.json().path("detail").asText()).containsAnyOf("10000", "at most 32");
    }
    assertThat(stored()).isZero();
  }

  @Test
  void problemsAreUtf8AndBodiesInAnotherEncodingAreRefused() throws Exception {
    Reply reply = call("POST", "/v1/jobs", ada, JOB.replace("train-a", "café"));

    assertThat(reply.contentType()).isEqualTo("application/problem+json; charset=utf-8");
    assertThat(reply.json().path("detail").asText()).contains("'café' must be");

    Request latin1 =
        new Request.Builder()
            .url(base + "/v1/jobs")
            .header("Authorization", "Bearer " + ada)
            .post(
                RequestBody.create(
                    JOB.replace("train:1", "café")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    MediaType.get("application/json; charset=foo")))
            .build();
    try (Response response = http.newCall(latin1).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string()).contains("(spec): is not UTF-8 text");
    }
    Reply accepted =
        call("POST", "/v1/jobs", ada, JOB.replace("}", ", \"env\": {\"NOTE\": \"café ☕\"}}"));
    assertThat(accepted.status()).isEqualTo(201);
    assertThat(accepted.json().path("spec").path("env").path("NOTE").asText()).isEqualTo("café ☕");
  }

  @Test
  void aChunkedBodyOverTheLimitIsA413() throws Exception {
    RequestBody chunked =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return MediaType.get("application/json");
          }

          @Override
          public void writeTo(okio.BufferedSink sink) throws IOException {
            sink.writeUtf8("{\"image\": \"");
            for (int i = 0; i < 1024; i++) {
              sink.writeUtf8("x".repeat(1024));
            }
            sink.writeUtf8("\"}");
          }
        };
    Request request =
        new Request.Builder()
            .url(base + "/v1/jobs")
            .header("Authorization", "Bearer " + ada)
            .post(chunked)
            .build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(413);
      assertThat(response.body().string()).contains("larger than 256 KiB");
    }
    assertThat(stored()).isZero();
  }

  @Test
  void anEstimateForAnUnknownZoneOrAnAbsurdTimeIsA400() throws Exception {
    Reply unknown =
        call(
            "POST",
            "/v1/estimate",
            readOnly,
            "{\"gpu\": \"A100\", \"hours\": 1, \"zone\": \"DX\"}");
    Reply far =
        call(
            "POST",
            "/v1/estimate",
            readOnly,
            "{\"gpu\": \"A100\", \"hours\": 1, \"zone\": \"DE\", \"at\": \"+999999999-12-31T23:59:59Z\"}");

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("detail").asText())
        .startsWith("zone: no carbon-intensity data for zone 'DX'; did you mean")
        .contains("DE");
    assertThat(far.status()).isEqualTo(400);
    assertThat(far.json().path("detail").asText()).startsWith("at must be from 2000-01-01");
  }

  @Test
  void aYamlAliasIsRefusedRatherThanStoredAsItsName() throws Exception {
    Reply reply =
        call(
            "POST",
            "/v1/jobs",
            ada,
            "image: &img t:1\nduration: 1h\ndeadline: 2d\ncommand: [*img]\n");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("detail").asText()).contains("alias *img");
    assertThat(stored()).isZero();
  }
}
