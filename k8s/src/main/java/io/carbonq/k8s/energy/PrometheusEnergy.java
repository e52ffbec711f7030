package io.carbonq.k8s.energy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A pod's energy from Prometheus: the GPUs' from the DCGM exporter (the energy counter's increase,
 * or else the power gauge integrated) and the host's share from Kepler where it runs. Values are
 * kWh per interval of {@code step}, from {@code start}.
 */
public final class PrometheusEnergy {
  /** Energy per interval, and which meter gave it. */
  public record Reading(
      Instant start, Duration step, double[] gpuKwh, double[] hostKwh, String source) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MILLIJOULES_PER_KWH = 3.6e9;

  private final HttpUrl base;
  private final OkHttpClient http;

  public PrometheusEnergy(String baseUrl, Duration timeout) {
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    if (parsed == null) {
      throw new IllegalArgumentException("Prometheus URL '" + baseUrl + "' is not an http(s) URL");
    }
    this.base = parsed;
    this.http =
        new OkHttpClient.Builder().callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
  }

  /**
   * The energy of the pods whose names match {@code podRegex} in {@code namespace} over {@code
   * [start, end)}; empty when no GPU metric covers them.
   */
  public Optional<Reading> read(
      String namespace, String podRegex, Instant start, Instant end, Duration step) {
    String selector = "{namespace=\"" + namespace + "\",pod=~\"" + podRegex + "\"}";
    int intervals =
        (int)
            Math.max(
                1,
                (Duration.between(start, end).toSeconds() + step.toSeconds() - 1)
                    / step.toSeconds());
    double[] gpu =
        counterDeltas(
            "sum(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION" + selector + ")",
            start,
            intervals,
            step,
            MILLIJOULES_PER_KWH);
    String source = "DCGM energy counter";
    if (gpu == null) {
      gpu = integrated("sum(DCGM_FI_DEV_POWER_USAGE" + selector + ")", start, intervals, step);
      source = "DCGM power, integrated";
    }
    if (gpu == null) {
      return Optional.empty();
    }
    String keplerSelector =
        "{container_namespace=\"" + namespace + "\",pod_name=~\"" + podRegex + "\"}";
    double[] host =
        integrated(
            "sum(rate(kepler_container_joules_total"
                + keplerSelector
                + "[1m])) - sum(rate(kepler_container_gpu_joules_total"
                + keplerSelector
                + "[1m]))",
            start,
            intervals,
            step);
    if (host != null) {
      source += " + Kepler host share";
    }
    return Optional.of(
        new Reading(start, step, gpu, host == null ? new double[intervals] : host, source));
  }

  /** Per-interval increases of a counter (a reset counts from zero), divided into kWh. */
  private double[] counterDeltas(
      String query, Instant start, int intervals, Duration step, double perKwh) {
    TreeMap<Long, Double> samples =
        range(query, start, start.plus(step.multipliedBy(intervals)), step);
    if (samples == null || samples.size() < 2) {
      return null;
    }
    double[] kwh = new double[intervals];
    Double previous = null;
    long previousAt = 0;
    for (var entry : samples.entrySet()) {
      if (previous != null) {
        double delta =
            entry.getValue() >= previous ? entry.getValue() - previous : entry.getValue();
        int index = (int) ((previousAt - start.getEpochSecond()) / step.toSeconds());
        if (index >= 0 && index < intervals) {
          kwh[index] += delta / perKwh;
        }
      }
      previous = entry.getValue();
      previousAt = entry.getKey();
    }
    return kwh;
  }

  /** A watts gauge sampled every step, each sample held for its interval: kWh per interval. */
  private double[] integrated(String query, Instant start, int intervals, Duration step) {
    TreeMap<Long, Double> samples =
        range(query, start, start.plus(step.multipliedBy(intervals)), step);
    if (samples == null || samples.isEmpty()) {
      return null;
    }
    double[] kwh = new double[intervals];
    samples.forEach(
        (at, watts) -> {
          int index = (int) ((at - start.getEpochSecond()) / step.toSeconds());
          if (index >= 0 && index < intervals && !watts.isNaN() && watts >= 0) {
            kwh[index] += watts * step.toSeconds() / 3.6e6;
          }
        });
    return kwh;
  }

  private TreeMap<Long, Double> range(String query, Instant start, Instant end, Duration step) {
    HttpUrl url =
        base.newBuilder()
            .addPathSegments("api/v1/query_range")
            .addQueryParameter("query", query)
            .addQueryParameter("start", Long.toString(start.getEpochSecond()))
            .addQueryParameter("end", Long.toString(end.getEpochSecond()))
            .addQueryParameter("step", step.toSeconds() + "s")
            .build();
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      JsonNode body = JSON.readTree(response.body().string());
      if (!response.isSuccessful() || !"success".equals(body.path("status").asText())) {
        throw new EnergyException(
            "Prometheus refused "
                + query
                + " (HTTP "
                + response.code()
                + "): "
                + body.path("error").asText(""));
      }
      JsonNode result = body.path("data").path("result");
      if (!result.isArray() || result.isEmpty()) {
        return null;
      }
      TreeMap<Long, Double> samples = new TreeMap<>();
      for (JsonNode point : result.get(0).path("values")) {
        double value;
        try {
          value = Double.parseDouble(point.get(1).asText());
        } catch (NumberFormatException e) {
          value = Double.NaN;
        }
        samples.put((long) point.get(0).asDouble(), value);
      }
      return samples;
    } catch (IOException e) {
      throw new EnergyException("cannot reach Prometheus at " + base + ": " + e.getMessage());
    }
  }

  /** Prometheus could not answer; the message says why. */
  public static final class EnergyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EnergyException(String message) {
      super(message);
    }
  }
}
