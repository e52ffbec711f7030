package io.carbonq.k8s.energy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A job's energy from Prometheus: the GPUs' from the DCGM exporter (the energy counter, or else the
 * power gauge) and the host's share from Kepler where it runs. It reads each series' raw samples
 * over the pieces the job ran in, not a range query at a fixed step from its start: a step query
 * loses the stretch before a pod's first scrape and the last partial step, and summing series
 * before taking differences miscounts pods that come and go. Values are kWh per interval of {@code
 * step} from the first piece's start.
 */
public final class PrometheusEnergy {
  /**
   * Energy per interval, and which meter gave it; {@code hostMeasured} says whether Kepler saw the
   * host (without it {@code hostKwh} is all zeros, not a measured zero).
   */
  public record Reading(
      Instant start,
      Duration step,
      double[] gpuKwh,
      double[] hostKwh,
      boolean hostMeasured,
      String source) {}

  /** A piece of time the job ran in. */
  public record Interval(Instant start, Instant end) {
    public Interval {
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException(
            "an interval ends after it starts: " + start + " " + end);
      }
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MILLIJOULES = 1000;
  private static final double JOULES = 1;

  /** Samples this far outside the run still give the rate at its edges. */
  private static final Duration MARGIN = Duration.ofMinutes(2);

  /** The longest stretch of raw samples asked for at once. */
  private static final Duration WINDOW = Duration.ofHours(6);

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

  /** As {@link #read(String, String, List, Duration)} for a run of one piece. */
  public Optional<Reading> read(
      String namespace, String podRegex, Instant start, Instant end, Duration step) {
    return read(namespace, podRegex, List.of(new Interval(start, end)), step);
  }

  /**
   * The energy of the pods whose names match {@code podRegex} in {@code namespace} over the {@code
   * pieces} a job ran in (in order); empty when no GPU metric saw them.
   */
  public Optional<Reading> read(
      String namespace, String podRegex, List<Interval> pieces, Duration step) {
    Instant start = pieces.get(0).start();
    Instant end = pieces.get(pieces.size() - 1).end();
    int intervals =
        (int)
            Math.max(
                1,
                (Duration.between(start, end).toMillis() + step.toMillis() - 1) / step.toMillis());
    List<SampledEnergy.Piece> ran =
        pieces.stream()
            .map(p -> new SampledEnergy.Piece(p.start().toEpochMilli(), p.end().toEpochMilli()))
            .toList();
    String selector = "{namespace=\"" + namespace + "\",pod=~\"" + podRegex + "\"}";
    String source = "DCGM energy counter";
    List<List<SampledEnergy.Sample>> gpu =
        samples("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION" + selector, start, end);
    EnergyBins gpuBins = new EnergyBins(start, step, intervals);
    gpu.forEach(series -> SampledEnergy.counter(series, MILLIJOULES, ran, gpuBins));
    if (gpu.stream().allMatch(series -> series.size() < 2)) {
      gpu = samples("DCGM_FI_DEV_POWER_USAGE" + selector, start, end);
      gpu.forEach(series -> SampledEnergy.gauge(series, ran, gpuBins));
      source = "DCGM power";
    }
    if (gpu.isEmpty()) {
      return Optional.empty();
    }
    String keplerSelector =
        "{container_namespace=\"" + namespace + "\",pod_name=~\"" + podRegex + "\"}";
    List<List<SampledEnergy.Sample>> keplerAll =
        samples("kepler_container_joules_total" + keplerSelector, start, end);
    double[] host = new double[intervals];
    if (!keplerAll.isEmpty()) {
      EnergyBins all = new EnergyBins(start, step, intervals);
      keplerAll.forEach(series -> SampledEnergy.counter(series, JOULES, ran, all));
      EnergyBins onGpus = new EnergyBins(start, step, intervals);
      samples("kepler_container_gpu_joules_total" + keplerSelector, start, end)
          .forEach(series -> SampledEnergy.counter(series, JOULES, ran, onGpus));
      double[] total = all.kwh();
      double[] gpuShare = onGpus.kwh();
      for (int i = 0; i < intervals; i++) {
        host[i] = Math.max(0, total[i] - gpuShare[i]);
      }
      source += " + Kepler host share";
    }
    return Optional.of(new Reading(start, step, gpuBins.kwh(), host, !keplerAll.isEmpty(), source));
  }

  /**
   * The raw samples of every series {@code selector} matches from a little before {@code start} to
   * a little after {@code end}, one list per series in time order, asked a window at a time.
   */
  private List<List<SampledEnergy.Sample>> samples(String selector, Instant start, Instant end) {
    Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
    Instant from = start.minus(MARGIN);
    Instant until = end.plus(MARGIN);
    while (from.isBefore(until)) {
      Instant to = from.plus(WINDOW).isBefore(until) ? from.plus(WINDOW) : until;
      long seconds = Math.max(1, Duration.between(from, to).toSeconds());
      JsonNode result = query(selector + "[" + seconds + "s]", to);
      for (JsonNode one : result) {
        TreeMap<Long, Double> samples =
            series.computeIfAbsent(one.path("metric").toString(), key -> new TreeMap<>());
        for (JsonNode point : one.path("values")) {
          samples.put(Math.round(point.get(0).asDouble() * 1000), number(point.get(1).asText()));
        }
      }
      from = to;
    }
    List<List<SampledEnergy.Sample>> lists = new ArrayList<>();
    series
        .values()
        .forEach(
            samples -> {
              List<SampledEnergy.Sample> list = new ArrayList<>();
              samples.forEach((at, value) -> list.add(new SampledEnergy.Sample(at, value)));
              lists.add(list);
            });
    return lists;
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private JsonNode query(String query, Instant at) {
    HttpUrl url =
        base.newBuilder()
            .addPathSegments("api/v1/query")
            .addQueryParameter("query", query)
            .addQueryParameter("time", Double.toString(at.toEpochMilli() / 1000.0))
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
      return result.isArray() ? result : JSON.createArrayNode();
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
