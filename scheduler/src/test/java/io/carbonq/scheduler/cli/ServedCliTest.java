package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.service.ServerRuntime;
import io.carbonq.scheduler.store.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running service in this JVM, on a data directory of its own, and the CLI run against it as a
 * user runs it from a second terminal; {@link #fleet} says which pools and budgets it has.
 */
abstract class ServedCliTest {
  static final Instant MONDAY = Instant.parse("2023-03-13T08:00:00Z");
  final Clock clock = Clock.fixed(MONDAY, ZoneOffset.UTC);
  final Fleet fleet = fleet();
  @TempDir Path data;
  ServerRuntime server;
  Map<String, String> environment = new HashMap<>();
  Terminal terminal = Terminal.PIPE;

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  ServerRuntime start() throws Exception {
    ServerRuntime runtime =
        new ServerRuntime(
            Database.embedded(data),
            fleet,
            new ForecastSources(fleet.config(), Map.of(), clock, data.resolve("cache")).chain(),
            clock,
            new ServerRuntime.Options(
                "127.0.0.1", 0, 1, Duration.ofMinutes(5), Duration.ofSeconds(5)));
    runtime.bootstrapAdminToken(clock).ifPresent(token -> environment.put("CARBONQ_TOKEN", token));
    environment.put("CARBONQ_SERVER", "http://127.0.0.1:" + runtime.port());
    return runtime;
  }

  @BeforeEach
  void startServer() throws Exception {
    environment.put("HOME", data.toString());
    server = start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            clock,
            new PrintWriter(out),
            new PrintWriter(err),
            environment,
            data.resolve("cache"),
            terminal);
    return new Result(new Cli(context).run(args), out.toString(), err.toString());
  }

  /** The configuration the service runs with: the bundled one unless a test says otherwise. */
  Fleet fleet() {
    return new Fleet(ConfigLoader.bundledDefault());
  }
}
