package io.carbonq.scheduler.bench;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.ServerRuntime;
import io.carbonq.scheduler.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The service's submission throughput and latency on loopback, and the planning cycle over the
 * queue it fills: {@code ./mvnw -Pqueue-bench -pl scheduler -am verify -DskipTests} (embedded H2),
 * with {@code -Dqueue-bench.args="--database-url jdbc:postgresql://…"} for PostgreSQL.
 */
public final class QueueBenchmark {
  private QueueBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = 10_000;
    int clients = 8;
    String url = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jobs" -> jobs = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--database-url" -> url = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path data = Files.createTempDirectory("carbonq-bench");
    Database database =
        url == null
            ? Database.embedded(data)
            : Database.connect(
                url,
                System.getenv().getOrDefault("CARBONQ_DATABASE_USER", "postgres"),
                System.getenv().getOrDefault("CARBONQ_DATABASE_PASSWORD", ""));
    Clock clock = Clock.systemUTC();
    Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
    ServerRuntime server =
        new ServerRuntime(
            database,
            fleet,
            new ForecastSources(fleet.config(), Map.of(), clock, data.resolve("cache")).chain(),
            clock,
            new ServerRuntime.Options(
                "127.0.0.1", 0, 1, Duration.ofMinutes(5), Duration.ofSeconds(5)));
    String token = server.bootstrapAdminToken(clock).orElseThrow();
    String base = "http://127.0.0.1:" + server.port();
    System.out.printf(
        "queue benchmark: %d jobs from %d clients on %s%n", jobs, clients, database.url());

    // Fill the queue (this also warms up the JIT and the connections), then measure on top of it.
    Result filling = submit(base, token, jobs, clients, "queued", new Random(1));
    report("filling an empty queue", jobs, filling);
    Result result = submit(base, token, jobs, clients, "job", new Random(2));
    report("with " + jobs + " jobs queued", jobs, result);

    QueueService service = server.service();
    for (int run = 1; run <= 3; run++) {
      long started = System.nanoTime();
      QueueService.CycleReport report = service.planCycle();
      System.out.printf(
          "planning cycle %d over %d queued jobs: %d ms (planned %d, deferred %d, unchanged %d)%n",
          run,
          report.jobs(),
          (System.nanoTime() - started) / 1_000_000,
          report.planned(),
          report.deferred(),
          report.unchanged());
    }
    server.close();
    if (url == null) {
      timeReopening(data);
    }
  }

  /**
   * How long the embedded database takes to open after a clean stop, and after an unclean one, when
   * it is first written again from its rows (the marker a kill leaves is put down by hand).
   */
  private static void timeReopening(Path data) throws IOException {
    long bytes = databaseBytes(data);
    long started = System.nanoTime();
    Database clean = Database.embedded(data);
    long cleanMillis = (System.nanoTime() - started) / 1_000_000;
    clean.close();
    Files.createFile(Database.openMarker(data));
    started = System.nanoTime();
    Database reopened = Database.embedded(data);
    long uncleanMillis = (System.nanoTime() - started) / 1_000_000;
    boolean rebuilt = reopened.rebuiltAfterUncleanStop();
    reopened.close();
    System.out.printf(
        "opening the database of %.0f MB: %d ms after a clean stop, %d ms after an unclean one%s%n",
        bytes / 1e6,
        cleanMillis,
        uncleanMillis,
        rebuilt
            ? ", which rebuilt it from its rows into " + databaseBytes(data) / 1_000_000 + " MB"
            : " (NOT rebuilt)");
  }

  private static long databaseBytes(Path data) throws IOException {
    long bytes = 0;
    try (var files = Files.list(data)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".mv.db")).toList()) {
        bytes += Files.size(file);
      }
    }
    return bytes;
  }

  private static void report(String what, int jobs, Result result) {
    System.out.printf(
        "submissions %s: %d in %.2f s = %.0f per second; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        what,
        jobs,
        result.seconds(),
        jobs / result.seconds(),
        result.percentile(50),
        result.percentile(99),
        result.percentile(100));
  }

  record Result(double seconds, double[] millis) {
    double percentile(double p) {
      double[] sorted = millis.clone();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  static Result submit(
      String base, String token, int jobs, int clients, String prefix, Random random)
      throws Exception {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(clients, 1, java.util.concurrent.TimeUnit.MINUTES))
            .dispatcher(dispatcher(clients))
            .build();
    String[] bodies = new String[jobs];
    for (int i = 0; i < jobs; i++) {
      bodies[i] =
          "{\"name\": \""
              + prefix
              + "-"
              + i
              + "\", \"image\": \"train:1\", \"gpus\": "
              + (1 + random.nextInt(8))
              + ", \"duration\": \""
              + (1 + random.nextInt(8))
              + "h\", \"deadline\": \""
              + (24 + random.nextInt(48))
              + "h\", \"interruptible\": "
              + random.nextBoolean()
              + "}";
    }
    double[] millis = new double[jobs];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long started = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                  long t0 = System.nanoTime();
                  Request request =
                      new Request.Builder()
                          .url(base + "/v1/jobs")
                          .header("Authorization", "Bearer " + token)
                          .post(RequestBody.create(bodies[i], MediaType.get("application/json")))
                          .build();
                  try (Response response = http.newCall(request).execute()) {
                    if (response.code() != 201) {
                      throw new IllegalStateException(
                          "HTTP " + response.code() + ": " + response.body().string());
                    }
                    response.body().string();
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                  millis[i] = (System.nanoTime() - t0) / 1e6;
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    return new Result(seconds, millis);
  }

  private static Dispatcher dispatcher(int clients) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(clients);
    dispatcher.setMaxRequestsPerHost(clients);
    return dispatcher;
  }
}
