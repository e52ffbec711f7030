package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.scheduler.store.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code carbonq serve} processes on one PostgreSQL, one of them killed with SIGKILL while
 * jobs are being planned and dispatched and then started again: every job still runs to the end,
 * and each is dispatched exactly once.
 */
@EnabledIfEnvironmentVariable(named = "CARBON_PG_URL", matches = "jdbc:postgresql:.*")
class ServiceProcessesTest {
  static final int JOBS = 30;
  final OkHttpClient http = new OkHttpClient();
  final ObjectMapper json = new ObjectMapper();
  final List<Process> processes = new ArrayList<>();
  @TempDir Path home;

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
  }

  Process serve(String url, String name, int port) throws Exception {
    Path data = home.resolve(name);
    Files.createDirectories(data);
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "io.carbonq.scheduler.boot.Main",
            "serve",
            "--port",
            Integer.toString(port),
            "--data-dir",
            data.toString(),
            "--database-url",
            url,
            "--speedup",
            "3600",
            "--plan-every",
            "10s");
    Map<String, String> env = builder.environment();
    env.put("HOME", home.toString());
    env.put("CARBONQ_DATABASE_USER", TestDatabases.user());
    env.put("CARBONQ_DATABASE_PASSWORD", TestDatabases.password());
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("serve.log").toFile()));
    Process process = builder.start();
    processes.add(process);
    waitUntil(
        Duration.ofSeconds(60), () -> healthy(port), "serve " + name + " to answer on " + port);
    return process;
  }

  boolean healthy(int port) {
    try (Response response =
        http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/readyz").build())
            .execute()) {
      return response.isSuccessful();
    } catch (IOException notYet) {
      return false;
    }
  }

  JsonNode call(int port, String token, String method, String path, String body)
      throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url("http://127.0.0.1:" + port + path)
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    try (Response response = http.newCall(request.build()).execute()) {
      return json.readTree(response.body().string());
    }
  }

  @Test
  void twoInstancesAndACrashDispatchEveryJobExactlyOnce() throws Exception {
    String url = TestDatabases.freshPostgresUrl();
    int portA = freePort();
    int portB = freePort();
    Process a = serve(url, "a", portA);
    serve(url, "b", portB);
    Path tokenFile = home.resolve("a").resolve("admin-token");
    waitUntil(Duration.ofSeconds(10), () -> Files.exists(tokenFile), "the admin token");
    String token = Files.readString(tokenFile).strip();

    boolean aAlive = true;
    for (int i = 0; i < JOBS; i++) {
      // Ten minutes of work that must start at once: the deadline leaves one minute of slack.
      String spec =
          "{\"name\": \"job-"
              + i
              + "\", \"image\": \"t:1\", \"gpuModel\": \"A100\", \"duration\": \"10m\","
              + " \"deadline\": \"11m\"}";
      JsonNode job = call(i % 2 == 0 && aAlive ? portA : portB, token, "POST", "/v1/jobs", spec);
      assertThat(job.path("id").asText()).isEqualTo("job-" + i);
      if (i == JOBS / 2) {
        a.destroyForcibly().waitFor();
        aAlive = false;
      }
    }
    serve(url, "a", portA);
    long restarted = System.nanoTime();

    try {
      waitUntil(
          Duration.ofSeconds(150),
          () -> succeeded(portB, token) == JOBS,
          "all " + JOBS + " jobs to succeed");
    } catch (AssertionError stuck) {
      throw new AssertionError(stuck.getMessage() + "\n" + whereTheyAre(portB, token), stuck);
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "all %d jobs succeeded %.1f s after the restart%n",
        JOBS,
        (System.nanoTime() - restarted) / 1e9);
    for (int i = 0; i < JOBS; i++) {
      JsonNode decisions = call(portB, token, "GET", "/v1/jobs/job-" + i + "/decisions", null);
      List<String> events = decisions.path("decisions").findValuesAsText("event");
      assertThat(events).as("job-" + i).containsOnlyOnce("dispatched").endsWith("succeeded");
    }
  }

  /** The jobs not done, with their state and reason, and the end of both services' logs. */
  String whereTheyAre(int port, String token) throws IOException {
    StringBuilder report = new StringBuilder("not succeeded:\n");
    for (JsonNode job : call(port, token, "GET", "/v1/jobs", null).path("jobs")) {
      if (!job.path("state").asText().equals("succeeded")) {
        report.append("  ").append(job.path("id").asText()).append(' ');
        report.append(job.path("state").asText()).append(": ").append(job.path("reason").asText());
        report.append('\n');
      }
    }
    for (String name : List.of("a", "b")) {
      List<String> log = Files.readAllLines(home.resolve(name).resolve("serve.log"));
      report.append("serve ").append(name).append(" log, last lines:\n");
      log.subList(Math.max(0, log.size() - 40), log.size())
          .forEach(line -> report.append("  ").append(line).append('\n'));
    }
    return report.toString();
  }

  long succeeded(int port, String token) {
    try {
      return call(port, token, "GET", "/v1/jobs?state=succeeded", null).path("jobs").size();
    } catch (IOException e) {
      return -1;
    }
  }

  interface Check {
    boolean holds() throws Exception;
  }

  static void waitUntil(Duration limit, Check check, String what) throws Exception {
    long until = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < until) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
