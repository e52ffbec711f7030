package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.testing.BundledConfigPlus;
import io.carbonq.scheduler.testing.KeptService;
import io.carbonq.scheduler.testing.MovableClock;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetApiTest {
  static final Instant NOW = Instant.parse("2023-03-13T08:00:00Z");
  static final String JOB =
      "{\"name\": \"%s\", \"image\": \"train:1\", \"gpus\": 8, \"gpuModel\": \"A100\","
          + " \"duration\": \"4h\", \"deadline\": \"36h\", \"regions\": [\"gcp:europe-west3\"]}";

  final OkHttpClient http = new OkHttpClient();
  final MovableClock clock = new MovableClock(NOW);
  Database database;
  QueueService service;
  ApiServer server;
  String base;
  String ada;
  String carol;
  String admin;

  @BeforeEach
  void start() {
    Fleet fleet =
        new Fleet(
            BundledConfigPlus.of(
                "teams:\n  vision: [ada, grace]\n"
                    + "budgets:\n  - {team: vision, kgCo2e: 100, overBudget: refuse}\n"));
    database = Database.inMemory("budget-api-" + UUID.randomUUID());
    service = KeptService.of(database, fleet, clock);
    TokenStore tokens = new TokenStore(database.dataSource());
    ada = tokens.create("ada", EnumSet.of(Scope.READ, Scope.SUBMIT), NOW);
    carol = tokens.create("carol", EnumSet.of(Scope.READ, Scope.SUBMIT), NOW);
    admin = tokens.create("ops", EnumSet.of(Scope.ADMIN), NOW);
    server = new ApiServer(service, tokens, () -> {});
    base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    database.close();
  }

  record Reply(int status, JsonNode json) {}

  Reply call(String method, String path, String token, String body) throws IOException {
    Request.Builder request =
        new Request.Builder().url(base + path).header("Authorization", "Bearer " + token);
    request.method(
        method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    try (Response response = http.newCall(request.build()).execute()) {
      String text = response.body().string();
      return new Reply(response.code(), text.isEmpty() ? null : new ObjectMapper().readTree(text));
    }
  }

  @Test
  void aSubmissionSaysWhatItSpendsOfTheBudgetAndOneOverARefusingBudgetIsRefused() throws Exception {
    Reply first = call("POST", "/v1/jobs", ada, JOB.formatted("a"));

    assertThat(first.status()).isEqualTo(201);
    JsonNode budget = first.json().path("budgets").get(0);
    assertThat(budget.path("scope").asText()).isEqualTo("team:vision");
    assertThat(budget.path("leftKgCo2e").asDouble()).isEqualTo(100.0);
    double expected = budget.path("jobExpectedKgCo2e").asDouble();
    assertThat(expected).isBetween(0.1, 100.0);
    assertThat(budget.path("shortfall").isNull()).isTrue();

    // An admin cuts the budget below what the first job is planned to emit.
    service.planCycle();
    Reply cut =
        call(
            "PUT",
            "/v1/budgets/team:vision",
            admin,
            "{\"kgCo2e\": " + expected * 1.5 + ", \"overBudget\": \"refuse\"}");
    assertThat(cut.status()).isEqualTo(200);
    assertThat(cut.json().path("setBy").asText()).startsWith("api: ops at ");
    assertThat(cut.json().path("plannedKgCo2e").asDouble()).isEqualTo(expected);

    Reply refused = call("POST", "/v1/jobs", ada, JOB.formatted("b"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().path("type").asText()).endsWith("/over-budget");
    assertThat(refused.json().path("detail").asText())
        .startsWith("not queued: over the budget of team:vision (");
    assertThat(call("GET", "/v1/jobs/b", ada, null).status()).isEqualTo(404);
    // Carol is in no team: no budget, and her submission says nothing of one.
    Reply carols = call("POST", "/v1/jobs", carol, JOB.formatted("c"));
    assertThat(carols.status()).isEqualTo(201);
    assertThat(carols.json().has("budgets")).isFalse();
  }

  @Test
  void everyoneSeesTheirBudgetsAnAdminSeesAllAndOnlyAnAdminSetsThem() throws Exception {
    assertThat(call("PUT", "/v1/budgets/owner:carol", admin, "{\"kgCo2e\": 5}").status())
        .isEqualTo(200);

    assertThat(call("GET", "/v1/budgets", ada, null).json().path("budgets"))
        .extracting(row -> row.path("scope").asText())
        .containsExactly("team:vision");
    assertThat(call("GET", "/v1/budgets", admin, null).json().path("budgets"))
        .extracting(row -> row.path("scope").asText())
        .containsExactly("team:vision", "owner:carol");
    JsonNode carols = call("GET", "/v1/budgets", carol, null).json().path("budgets").get(0);
    assertThat(carols.path("period").asText()).isEqualTo("month");
    assertThat(carols.path("overBudget").asText()).isEqualTo("queue");
    assertThat(carols.path("from").asText()).isEqualTo("2023-03-01T00:00:00Z");
    assertThat(carols.path("renewsAt").asText()).isEqualTo("2023-04-01T00:00:00Z");

    assertThat(call("PUT", "/v1/budgets/owner:ada", ada, "{\"kgCo2e\": 500}").status())
        .isEqualTo(403);
    assertThat(call("DELETE", "/v1/budgets/owner:carol", carol, null).status()).isEqualTo(403);
    Reply removed = call("DELETE", "/v1/budgets/owner:carol", admin, null);
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.json().path("inForce").isNull()).isTrue();
    assertThat(call("DELETE", "/v1/budgets/owner:carol", admin, null).status()).isEqualTo(404);
    // Removing the API's budget of a team brings carbonq.yaml's back.
    call("PUT", "/v1/budgets/team:vision", admin, "{\"kgCo2e\": 1}");
    Reply back = call("DELETE", "/v1/budgets/team:vision", admin, null);
    assertThat(back.json().path("inForce").path("kgCo2e").asDouble()).isEqualTo(100.0);
    assertThat(back.json().path("inForce").path("setBy").asText()).isEqualTo("carbonq.yaml");
  }

  @Test
  void aWrongBudgetIsRefusedWithTheFieldAndTheFix() throws Exception {
    assertThat(detail("PUT", "/v1/budgets/alice", "{\"kgCo2e\": 5}"))
        .isEqualTo(
            "'alice' is not a budget scope; use owner:NAME or team:NAME (letters, digits and . _"
                + " @ -, at most 100)");
    assertThat(detail("PUT", "/v1/budgets/team:nlp", "{\"kgCo2e\": 5}"))
        .isEqualTo("unknown team 'nlp'; teams are listed in carbonq.yaml under teams: (vision)");
    assertThat(detail("PUT", "/v1/budgets/owner:ada", "{\"kgCo2e\": -1}"))
        .isEqualTo("kgCo2e must be a number between 0 and 1000000000, got -1");
    assertThat(detail("PUT", "/v1/budgets/owner:ada", "{\"kgCo2e\": \"5\"}"))
        .isEqualTo("kgCo2e must be a number between 0 and 1000000000, got \"5\"");
    assertThat(detail("PUT", "/v1/budgets/owner:ada", "{\"kgCo2e\": 5, \"period\": \"week\"}"))
        .isEqualTo("period must be one of month, 30d, got \"week\"");
    assertThat(detail("PUT", "/v1/budgets/owner:ada", "{\"kgCo2e\": 5, \"overBudget\": 1}"))
        .isEqualTo("overBudget must be one of defer, queue, refuse, got 1");
    assertThat(detail("PUT", "/v1/budgets/owner:ada", "{\"kg\": 5}"))
        .isEqualTo("unknown field 'kg'; use kgCo2e, period, overBudget");
    assertThat(call("PUT", "/v1/budgets/owner:ada", admin, "[1]").status()).isEqualTo(400);
    assertThat(call("PUT", "/v1/budgets/owner:ada", admin, "{").status()).isEqualTo(400);
  }

  @Test
  void metricsCarryEachBudgetAfterAPlanningCycle() throws Exception {
    call("POST", "/v1/jobs", ada, JOB.formatted("a"));
    service.planCycle();

    String metrics = service.metrics().scrape();

    assertThat(metrics)
        .contains("carbonq_budget_kgco2e{period=\"month\",scope=\"team:vision\"} 100.0")
        .containsPattern(
            "carbonq_budget_used_kgco2e\\{period=\"month\",scope=\"team:vision\"} [1-9]")
        .contains("carbonq_budget_left_kgco2e{period=\"month\",scope=\"team:vision\"}");
  }

  private String detail(String method, String path, String body) throws IOException {
    Reply reply = call(method, path, admin, body);
    assertThat(reply.status()).as(reply.json().toString()).isEqualTo(400);
    return reply.json().path("detail").asText();
  }
}
