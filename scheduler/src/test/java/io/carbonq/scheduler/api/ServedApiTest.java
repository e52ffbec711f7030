package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.api.ApiServerTest.Reply;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.testing.KeptService;
import io.carbonq.scheduler.testing.MovableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The API served as {@code serve} keeps it (footprints and budgets on an in-memory H2) at {@link
 * #NOW}, with tokens of two owners, ada and grace, and of an admin, called over HTTP.
 */
abstract class ServedApiTest {
  static final Instant NOW = ApiServerTest.NOW;

  final OkHttpClient http = new OkHttpClient();
  final MovableClock clock = new MovableClock(NOW);
  Fleet fleet;
  Database database;
  QueueService service;
  TokenStore tokens;
  ApiServer server;
  String base;
  String ada;
  String grace;
  String admin;

  @BeforeEach
  void serve() {
    fleet = new Fleet(ConfigLoader.bundledDefault());
    database = Database.inMemory(getClass().getSimpleName() + "-" + UUID.randomUUID());
    service = KeptService.of(database, fleet, clock);
    tokens = new TokenStore(database.dataSource());
    ada = tokens.create("ada", EnumSet.of(Scope.READ, Scope.SUBMIT), NOW);
    grace = tokens.create("grace", EnumSet.of(Scope.READ, Scope.SUBMIT), NOW);
    admin = tokens.create("ops", EnumSet.of(Scope.ADMIN), NOW);
    server = new ApiServer(service, tokens, () -> {});
    base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stopServing() {
    server.close();
    database.close();
  }

  Reply call(String method, String path, String token, String body) throws IOException {
    return ApiServerTest.send(http, base + path, method, token, body, Map.of());
  }

  /** A job's JSON as {@code POST /v1/jobs} takes it, on the image {@code train:1}. */
  static String job(String name, int gpus, String model, String duration, String deadline) {
    return "{\"name\": \""
        + name
        + "\", \"image\": \"train:1\", \"gpus\": "
        + gpus
        + ", \"gpuModel\": \""
        + model
        + "\", \"duration\": \""
        + duration
        + "\", \"deadline\": \""
        + deadline
        + "\"}";
  }

  void submit(String token, String name, int gpus, String model, String duration, String deadline)
      throws IOException {
    Reply reply = call("POST", "/v1/jobs", token, job(name, gpus, model, duration, deadline));
    assertThat(reply.status()).as(String.valueOf(reply.json())).isEqualTo(201);
  }

  /**
   * Plans what is queued and moves the clock a planning step at a time, dispatching what is due and
   * applying what the simulated cluster reports, until every job has finished.
   */
  void runAll() {
    service.planCycle();
    for (int step = 0; step < 48 * 4; step++) {
      List<QueuedJob> open =
          service.list(
              JobFilter.all()
                  .withStates(
                      EnumSet.of(
                          JobState.PLANNED,
                          JobState.DISPATCHED,
                          JobState.RUNNING,
                          JobState.PAUSED)));
      if (open.isEmpty()) {
        return;
      }
      service.dispatchDue();
      service.syncExecutor();
      clock.now = clock.now.plus(Duration.ofMinutes(30));
      service.syncExecutor();
    }
    throw new AssertionError("jobs still open at " + clock.now);
  }
}
