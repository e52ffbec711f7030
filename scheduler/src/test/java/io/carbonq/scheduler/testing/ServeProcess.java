package io.carbonq.scheduler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A real {@code carbonq serve} in a process of its own, from the test class path, with its log in
 * its data directory: for tests of what only a process shows (SIGKILL, two instances).
 */
public final class ServeProcess implements AutoCloseable {
  /** Waits as long as the CLI does for an answer (its default), not OkHttp's ten seconds. */
  private static final OkHttpClient HTTP =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path data;
  private final int port;

  /** What an HTTP call answered: its status and its JSON body (empty when not JSON). */
  public record Answer(int status, JsonNode body) {}

  private ServeProcess(Process process, Path data, int port) {
    this.process = process;
    this.data = data;
    this.port = port;
  }

  /**
   * Starts {@code serve} with its data in {@code data} on {@code port}, with {@code arguments}
   * added, and {@code environment} added to its environment; returns once it answers /healthz.
   */
  public static ServeProcess start(
      Path data, int port, List<String> arguments, Map<String, String> environment)
      throws Exception {
    Files.createDirectories(data);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.carbonq.scheduler.boot.Main",
                "serve",
                "--port",
                Integer.toString(port),
                "--data-dir",
                data.toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HOME", data.toString());
    builder.environment().putAll(environment);
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("serve.log").toFile()));
    ServeProcess serve = new ServeProcess(builder.start(), data, port);
    try {
      // Generous: on a loaded 2-core machine a JVM with Flyway, Quartz and Jetty starts slowly.
      waitUntil(Duration.ofSeconds(120), serve::healthy, "serve to answer on " + port);
    } catch (AssertionError notUp) {
      serve.kill();
      throw new AssertionError(notUp.getMessage() + "; its log ends:\n" + serve.logTail(30), notUp);
    }
    return serve;
  }

  public int port() {
    return port;
  }

  public Path data() {
    return data;
  }

  /** The admin token the first start wrote. */
  public String adminToken() throws Exception {
    Path file = data.resolve("admin-token");
    waitUntil(Duration.ofSeconds(10), () -> Files.exists(file), "the admin token");
    return Files.readString(file).strip();
  }

  public boolean healthy() {
    try (Response response =
        HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/healthz").build())
            .execute()) {
      return response.isSuccessful();
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Calls the API; {@code headers} are name, value pairs. */
  public Answer call(String token, String method, String path, String body, String... headers)
      throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url("http://127.0.0.1:" + port + path)
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try (Response response = HTTP.newCall(request.build()).execute()) {
      String text = response.body().string();
      JsonNode json;
      try {
        json = JSON.readTree(text);
      } catch (IOException notJson) {
        json = JSON.missingNode();
      }
      return new Answer(response.code(), json == null ? JSON.missingNode() : json);
    }
  }

  /** The last {@code lines} lines of its log, for a failure message. */
  public String logTail(int lines) throws IOException {
    List<String> log = Files.readAllLines(data.resolve("serve.log"));
    return String.join("\n", log.subList(Math.max(0, log.size() - lines), log.size()));
  }

  /**
   * The stacks of the scheduler's threads (Quartz's workers and its trigger thread), for a failure
   * message: where a process that stopped working waits. Empty once the process has ended.
   */
  public String schedulerThreads() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      return "";
    }
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()),
                "Thread.print")
            .redirectErrorStream(true)
            .start();
    String dump = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor();
    StringBuilder wanted = new StringBuilder();
    for (String thread : dump.split("\n\n")) {
      if (thread.startsWith("\"carbonq") || thread.startsWith("\"QuartzScheduler_")) {
        wanted.append(thread.strip()).append("\n\n");
      }
    }
    return wanted.toString();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  public interface Check {
    boolean holds() throws Exception;
  }

  public static void waitUntil(Duration limit, Check check, String what) throws Exception {
    long until = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < until) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
