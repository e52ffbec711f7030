package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.store.TestDatabases;
import io.carbonq.scheduler.testing.ServeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  final List<ServeProcess> processes = new ArrayList<>();
  @TempDir Path home;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (ServeProcess process : processes) {
      process.kill();
    }
  }

  ServeProcess serve(String url, String name, int port) throws Exception {
    ServeProcess process =
        ServeProcess.start(
            home.resolve(name),
            port,
            List.of("--database-url", url, "--speedup", "3600", "--plan-every", "10s"),
            Map.of(
                "CARBONQ_DATABASE_USER", TestDatabases.user(),
                "CARBONQ_DATABASE_PASSWORD", TestDatabases.password()));
    processes.add(process);
    return process;
  }

  JsonNode call(ServeProcess serve, String token, String method, String path, String body)
      throws IOException {
    return serve.call(token, method, path, body).body();
  }

  @Test
  void twoInstancesAndACrashDispatchEveryJobExactlyOnce() throws Exception {
    String url = TestDatabases.freshPostgresUrl();
    ServeProcess a = serve(url, "a", ServeProcess.freePort());
    ServeProcess b = serve(url, "b", ServeProcess.freePort());
    String token = a.adminToken();

    boolean aAlive = true;
    for (int i = 0; i < JOBS; i++) {
      // Ten minutes of work that must start at once: the deadline leaves one minute of slack.
      String spec =
          "{\"name\": \"job-"
              + i
              + "\", \"image\": \"t:1\", \"gpuModel\": \"A100\", \"duration\": \"10m\","
              + " \"deadline\": \"11m\"}";
      JsonNode job = call(i % 2 == 0 && aAlive ? a : b, token, "POST", "/v1/jobs", spec);
      assertThat(job.path("id").asText()).isEqualTo("job-" + i);
      if (i == JOBS / 2) {
        a.kill();
        aAlive = false;
      }
    }
    serve(url, "a", a.port());
    long restarted = System.nanoTime();

    try {
      ServeProcess.waitUntil(
          Duration.ofSeconds(150),
          () -> succeeded(b, token) == JOBS,
          "all " + JOBS + " jobs to succeed");
    } catch (AssertionError stuck) {
      throw new AssertionError(
          stuck.getMessage() + "\n" + whereTheyAre(b, token) + quartzState(url), stuck);
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "all %d jobs succeeded %.1f s after the restart%n",
        JOBS,
        (System.nanoTime() - restarted) / 1e9);
    for (int i = 0; i < JOBS; i++) {
      JsonNode decisions = call(b, token, "GET", "/v1/jobs/job-" + i + "/decisions", null);
      List<String> events = decisions.path("decisions").findValuesAsText("event");
      assertThat(events).as("job-" + i).containsOnlyOnce("dispatched").endsWith("succeeded");
    }
  }

  /** The jobs not done, with their state and reason, and the end of every service's log. */
  String whereTheyAre(ServeProcess serve, String token) throws IOException, InterruptedException {
    StringBuilder report = new StringBuilder("not succeeded:\n");
    for (JsonNode job : call(serve, token, "GET", "/v1/jobs", null).path("jobs")) {
      if (!job.path("state").asText().equals("succeeded")) {
        report.append("  ").append(job.path("id").asText()).append(' ');
        report.append(job.path("state").asText()).append(": ").append(job.path("reason").asText());
        report.append('\n');
      }
    }
    for (ServeProcess process : processes) {
      report.append("serve in ").append(process.data()).append(", last lines of its log:\n");
      report.append(process.logTail(40)).append('\n');
      report.append(process.schedulerThreads());
    }
    return report.toString();
  }

  /** Each trigger's state and each firing in progress, as the shared store has them. */
  static String quartzState(String url) throws SQLException {
    StringBuilder state = new StringBuilder("Quartz's store:\n");
    try (Connection connection =
            DriverManager.getConnection(url, TestDatabases.user(), TestDatabases.password());
        Statement statement = connection.createStatement()) {
      for (String query :
          List.of(
              "SELECT trigger_name, trigger_state, next_fire_time FROM qrtz_triggers",
              "SELECT instance_name, trigger_name, state, fired_time FROM qrtz_fired_triggers",
              "SELECT instance_name, last_checkin_time FROM qrtz_scheduler_state")) {
        try (ResultSet rows = statement.executeQuery(query)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            state.append(' ');
            for (int column = 1; column <= columns; column++) {
              state.append(' ').append(rows.getString(column));
            }
            state.append('\n');
          }
        }
      }
    }
    return state.toString();
  }

  long succeeded(ServeProcess serve, String token) {
    try {
      return call(serve, token, "GET", "/v1/jobs?state=succeeded", null).path("jobs").size();
    } catch (IOException e) {
      return -1;
    }
  }
}
