package io.carbonq.scheduler.api;

import static io.carbonq.scheduler.testing.DrivenServer.monday;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.testing.DrivenServer;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/jobs/{id}/logs} over the simulated cluster, whose runs say what they did. */
class JobLogsApiTest {
  final OkHttpClient http = new OkHttpClient();
  final DrivenServer server = new DrivenServer();

  record Reply(int status, String contentType, String run, String body) {
    JsonNode problem() throws IOException {
      return new ObjectMapper().readTree(body);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Reply get(String path, String token) throws IOException {
    Request.Builder request = new Request.Builder().url(server.url + path);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      return new Reply(
          response.code(),
          response.header("Content-Type", ""),
          response.header("Carbonq-Run", ""),
          response.body().string());
    }
  }

  /** Ada's interruptible job: ran 00:00-02:06 and runs again since 06:00 (run 2). */
  void resumed() {
    server.submit("train-a", true);
    server.at(monday(2, 6));
    server.at(monday(6, 0));
  }

  @Test
  void theLatestRunByDefaultAndEveryRunWithRunsAll() throws Exception {
    resumed();

    Reply latest = get("/v1/jobs/train-a/logs", server.ada);
    server.at(monday(8, 0));
    Reply all = get("/v1/jobs/train-a/logs?runs=all", server.ada);

    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.contentType()).matches("text/plain; ?charset=utf-8");
    assertThat(latest.run()).isEqualTo("run 2");
    assertThat(latest.body())
        .isEqualTo(
            "2023-03-13T06:00:00Z resumed on frankfurt-a100: 1h54m of work left, 6m restoring\n");
    assertThat(all.run()).isEqualTo("run 2");
    assertThat(all.body())
        .isEqualTo(
            """
            ==> run 1, started 2023-03-13T00:00:00Z <==
            2023-03-13T00:00:00Z simulated run on frankfurt-a100: 4h of work
            2023-03-13T02:06:00Z paused at the end of its planned piece

            ==> run 2, started 2023-03-13T06:00:00Z <==
            2023-03-13T06:00:00Z resumed on frankfurt-a100: 1h54m of work left, 6m restoring
            2023-03-13T08:00:00Z finished
            """);
  }

  @Test
  void aJobNotStartedYetIsA409SayingWhenItIsPlannedToStart() throws Exception {
    server.submitNotBefore("later", monday(6, 0));

    Reply reply = get("/v1/jobs/later/logs", server.ada);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.problem().path("type").asText()).endsWith("/not-started");
    assertThat(reply.problem().path("detail").asText())
        .startsWith("job 'later' has not started yet: it is planned (")
        .endsWith(
            ", planned to start 2023-03-13T06:00:00Z on frankfurt-a100; `carbonq status later"
                + " -w` shows when it does");
  }

  @Test
  void aJobCancelledBeforeItStartedNeverDid() throws Exception {
    server.submit("train-a", true);
    server.submit("train-b", false);
    server.service.cancel(JobKeys.key("ada", "train-b"), "ada");

    Reply reply = get("/v1/jobs/train-b/logs", server.ada);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.problem().path("detail").asText())
        .isEqualTo("job 'train-b' never started: it is cancelled (cancelled by ada)");
  }

  @Test
  void onlyTheOwnerOrAnAdminNamingTheOwnerReadsTheOutput() throws Exception {
    resumed();

    Reply unnamed = get("/v1/jobs/train-a/logs", server.grace);
    Reply named = get("/v1/jobs/train-a/logs?owner=ada", server.grace);
    Reply admin = get("/v1/jobs/train-a/logs?owner=ada&runs=all", server.admin);
    Reply anonymous = get("/v1/jobs/train-a/logs", null);

    assertThat(unnamed.status()).isEqualTo(404);
    assertThat(unnamed.problem().path("detail").asText()).isEqualTo("no job 'train-a' of grace");
    assertThat(named.status()).isEqualTo(403);
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.body()).startsWith("==> run 1, started 2023-03-13T00:00:00Z <==\n");
    assertThat(anonymous.status()).isEqualTo(401);
  }

  @Test
  void theOpenApiDocumentDescribesTheEndpoint() throws Exception {
    JsonNode openApi = new ObjectMapper().readTree(get("/v1/openapi.json", null).body());

    JsonNode logs = openApi.path("paths").path("/v1/jobs/{id}/logs").path("get");
    assertThat(logs.path("responses").fieldNames()).toIterable().contains("200", "404", "409");
    assertThat(logs.path("parameters").findValuesAsText("name")).contains("owner", "runs");
  }

  @Test
  void runsOtherThanLatestOrAllIsA400NamingTheParameter() throws Exception {
    resumed();

    Reply reply = get("/v1/jobs/train-a/logs?runs=previous", server.ada);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.problem().path("detail").asText())
        .isEqualTo("runs must be latest or all, got 'previous'");
  }
}
