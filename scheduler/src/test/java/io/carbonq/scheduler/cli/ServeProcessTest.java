package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code carbonq serve} processes on one data directory: a second one says who holds it, and
 * one restarted on another port points the CLI config it wrote at itself.
 */
class ServeProcessTest {
  final List<Process> processes = new ArrayList<>();
  @TempDir Path home;

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
  }

  Path config() {
    return home.resolve(".config/carbonq/config.yaml");
  }

  Process serve(Path data, int port, String name) throws IOException {
    return serve(data, port, name, Map.of());
  }

  Process serve(Path data, int port, String name, Map<String, String> environment)
      throws IOException {
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
            data.toString());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("CARBONQ_") || key.startsWith("XDG_"));
    env.put("HOME", home.toString());
    env.putAll(environment);
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".log").toFile()));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  String log(String name) throws IOException {
    Path file = home.resolve(name + ".log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  void waitForLog(String name, String text) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!log(name).contains(text)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("serve " + name + " never said '" + text + "':\n" + log(name));
      }
      Thread.sleep(100);
    }
  }

  /** The dashboard's address serve printed, once it has. */
  String dashboardLine(String name) throws Exception {
    waitForLog(name, "dashboard: ");
    return log(name)
        .lines()
        .filter(line -> line.startsWith("dashboard: "))
        .findFirst()
        .orElseThrow();
  }

  String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    new Cli(
            new CliContext(
                Clock.systemUTC(),
                new PrintWriter(out),
                new PrintWriter(err),
                Map.of("HOME", home.toString()),
                home.resolve("cache")))
        .run(args);
    return out.toString() + err;
  }

  @Test
  void aSecondServeOnTheSameDataDirectorySaysWhichProcessHoldsIt() throws Exception {
    Path data = home.resolve("data");
    int port = freePort();
    Process first = serve(data, port, "first");
    waitForLog("first", "carbonq serving on");

    Process second = serve(data, 0, "second");

    assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(Cli.FAILURE);
    assertThat(log("second"))
        .contains(
            "error: another carbonq serve is using "
                + data
                + " (pid "
                + first.pid()
                + ", serving on http://127.0.0.1:"
                + port
                + "); stop it or use --data-dir")
        .doesNotContain("Exception")
        .doesNotContain("warning:");
    // The first still holds its database: the second neither opened nor rebuilt it.
    assertThat(first.isAlive()).isTrue();
    assertThat(log("first")).doesNotContain("rebuilt it from its rows");
  }

  @Test
  void aServeThatCannotListenSaysWhyAndLeavesItsDatabaseClosed() throws Exception {
    Path data = home.resolve("data");
    try (ServerSocket taken = new ServerSocket(0)) {
      Process serve = serve(data, taken.getLocalPort(), "taken");

      assertThat(serve.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(serve.exitValue()).isEqualTo(Cli.BAD_INPUT);
      assertThat(log("taken"))
          .contains(
              ":"
                  + taken.getLocalPort()
                  + ": the port is in use, perhaps by another carbonq serve; choose another with"
                  + " --port")
          .doesNotContain("Exception");
      // Closed cleanly: the next start has no crash to recover from.
      assertThat(data.resolve("carbonq.open")).doesNotExist();
    }
  }

  @Test
  void aServeRestartedOnAnotherPortPointsTheCliConfigItWroteAtItself() throws Exception {
    Path data = home.resolve("data");
    int before = freePort();
    Process first = serve(data, before, "first");
    waitForLog("first", "wrote " + config());
    String token = Files.readString(data.resolve("admin-token")).strip();
    assertThat(dashboardLine("first"))
        .isEqualTo("dashboard: http://127.0.0.1:" + before + "/?token=" + token);
    first.destroy();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(cli("list"))
        .contains(
            "cannot reach the carbonq server at http://127.0.0.1:"
                + before
                + "/ (from "
                + config());

    int after = freePort();
    serve(data, after, "again");
    waitForLog("again", "updated " + config());

    assertThat(Files.readString(config())).contains("server: http://127.0.0.1:" + after + "\n");
    assertThat(cli("list")).isEqualTo("no jobs\n");
    String link = dashboardLine("again");
    assertThat(link).isEqualTo("dashboard: http://127.0.0.1:" + after + "/?token=" + token);
    OkHttpClient browser = new OkHttpClient.Builder().followRedirects(false).build();
    try (Response login =
        browser
            .newCall(new Request.Builder().url(link.substring("dashboard: ".length())).build())
            .execute()) {
      assertThat(login.code()).isEqualTo(303);
      assertThat(login.header("Set-Cookie")).startsWith("carbonq_session=");
    }
  }

  @Test
  void aServeGivenItsAdminTokenPrintsTheDashboardsAddressWithoutAnyToken() throws Exception {
    Path data = home.resolve("data");
    Files.createDirectories(data);
    String old = "cq_OldTokenOfAnEarlierFirstStart0123456789";
    Files.writeString(data.resolve("admin-token"), old + "\n");
    String given = "cq_GivenTokenFromAMountedSecret0123456789";
    int port = freePort();

    serve(data, port, "given", Map.of("CARBONQ_ADMIN_TOKEN", given));

    assertThat(dashboardLine("given"))
        .isEqualTo("dashboard: http://127.0.0.1:" + port + "/ (log in with a token)");
    assertThat(log("given")).doesNotContain(given).doesNotContain(old);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
