package io.carbonq.k8s.energy;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Prometheus (Debian's {@code prometheus}, or {@code $CARBONQ_PROMETHEUS}) in a process of
 * its own, scraping one target every {@code scrapeSeconds}.
 */
final class RealPrometheus implements AutoCloseable {
  private final Process process;
  private final String url;

  private RealPrometheus(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** The binary to run, if this machine has one. */
  static String binary() {
    String given = System.getenv("CARBONQ_PROMETHEUS");
    if (given != null && !given.isBlank()) {
      return given;
    }
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "prometheus"))) {
        return Path.of(directory, "prometheus").toString();
      }
    }
    return null;
  }

  static boolean available() {
    return binary() != null;
  }

  static RealPrometheus scraping(int targetPort, int scrapeSeconds, Path directory)
      throws Exception {
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: %ds
          evaluation_interval: %ds
        scrape_configs:
          - job_name: dcgm
            honor_labels: true
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(scrapeSeconds, scrapeSeconds, targetPort));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                binary(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("prometheus.log").toFile())
            .start();
    RealPrometheus prometheus = new RealPrometheus(process, "http://127.0.0.1:" + port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!prometheus.ready()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        prometheus.close();
        throw new IllegalStateException(
            "Prometheus did not start; its log:\n"
                + Files.readString(directory.resolve("prometheus.log")));
      }
      Thread.sleep(200);
    }
    return prometheus;
  }

  String url() {
    return url;
  }

  private boolean ready() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(url + "/-/ready").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(500);
      return connection.getResponseCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
