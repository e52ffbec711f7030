package io.carbonq.k8s.energy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DCGM exporter stand-in on a real port: one GPU per run, whose energy counter (millijoules since
 * the exporter started) grows at the run's power while its pod runs and at idle power otherwise.
 * While the pod runs, the GPU's series carries its namespace and pod, as DCGM's pod mapping does.
 */
final class FakeDcgmExporter implements AutoCloseable {
  static final double IDLE_WATTS = 50;

  /** A pod drawing {@code watts} on GPU {@code gpu} over {@code [fromMillis, toMillis)}. */
  record Run(int gpu, String namespace, String pod, long fromMillis, long toMillis, double watts) {}

  private final HttpServer server;
  private final long startedMillis = System.currentTimeMillis();
  private final List<Run> runs = new CopyOnWriteArrayList<>();

  FakeDcgmExporter() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = metrics(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void schedule(Run run) {
    runs.add(run);
  }

  /**
   * The energy the runs of {@code pod}'s prefix drew, in kWh: what a meter should report. Runs that
   * share a GPU at once are added up here; {@link #sharedKwhOf} splits them.
   */
  double kwhOf(String podPrefix) {
    return runs.stream()
            .filter(run -> run.pod().startsWith(podPrefix))
            .mapToDouble(run -> run.watts() * (run.toMillis() - run.fromMillis()) / 1000.0)
            .sum()
        / 3.6e6;
  }

  /**
   * The kWh the runs of {@code podPrefix} drew where the device's draw (idle plus every run on it)
   * is split equally among the runs on it at each millisecond: what a meter of a time-sliced GPU
   * should report.
   */
  double sharedKwhOf(String podPrefix) {
    double joules = 0;
    for (Run own : runs.stream().filter(run -> run.pod().startsWith(podPrefix)).toList()) {
      for (long t = own.fromMillis(); t < own.toMillis(); t++) {
        long at = t;
        List<Run> onDevice =
            runs.stream()
                .filter(
                    run -> run.gpu() == own.gpu() && run.fromMillis() <= at && at < run.toMillis())
                .toList();
        double watts =
            IDLE_WATTS + onDevice.stream().mapToDouble(run -> run.watts() - IDLE_WATTS).sum();
        joules += watts / onDevice.size() / 1000.0;
      }
    }
    return joules / 3.6e6;
  }

  private String metrics(long now) {
    StringBuilder text = new StringBuilder("# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter\n");
    for (int gpu : runs.stream().mapToInt(Run::gpu).distinct().toArray()) {
      List<Run> running =
          runs.stream()
              .filter(run -> run.gpu() == gpu && run.fromMillis() <= now && now < run.toMillis())
              .toList();
      String device = "gpu=\"%d\",UUID=\"GPU-fake-%d\"".formatted(gpu, gpu);
      // A time-sliced GPU: the device's counter once per pod on it, as DCGM's pod mapping gives it.
      List<String> labels =
          running.isEmpty()
              ? List.of(device)
              : running.stream()
                  .map(
                      run ->
                          device
                              + ",namespace=\"%s\",pod=\"%s\""
                                  .formatted(run.namespace(), run.pod()))
                  .toList();
      for (String label : labels) {
        text.append(
            String.format(
                Locale.ROOT,
                "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{%s} %.0f%n",
                label,
                millijoules(gpu, now)));
      }
    }
    return text.toString();
  }

  /** The GPU's energy since the exporter started: idle power, and each run's power while it ran. */
  private double millijoules(int gpu, long now) {
    double joules = IDLE_WATTS * (now - startedMillis) / 1000.0;
    for (Run run : runs) {
      if (run.gpu() == gpu && run.fromMillis() < now) {
        long ran = Math.min(now, run.toMillis()) - run.fromMillis();
        joules += (run.watts() - IDLE_WATTS) * ran / 1000.0;
      }
    }
    return joules * 1000;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
