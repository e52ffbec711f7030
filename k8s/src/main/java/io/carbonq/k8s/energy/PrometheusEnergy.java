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
    String metric = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";
    String source = "DCGM energy counter";
    List<Series> gpu = series(metric + selector, start, end);
    if (gpu.stream().allMatch(one -> one.samples().size() < 2)) {
      metric = "DCGM_FI_DEV_POWER_USAGE";
      gpu = series(metric + selector, start, end);
      source = "DCGM power";
    }
    if (gpu.isEmpty()) {
      return Optional.empty();
    }
    EnergyBins gpuBins = new EnergyBins(start, step, intervals);
    Sharing sharing = new Sharing();
    for (Series one : gpu) {
      List<SampledEnergy.Sample> share = share(metric, one, podRegex, start, end, sharing);
      if (metric.endsWith("ENERGY_CONSUMPTION")) {
        SampledEnergy.counter(share, MILLIJOULES, ran, gpuBins);
      } else {
        SampledEnergy.gauge(share, ran, gpuBins);
      }
    }
    source += sharing.describe();
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

  /** One series: its labels and its raw samples in time order. */
  private record Series(JsonNode labels, List<SampledEnergy.Sample> samples) {
    String label(String name) {
      return labels.path(name).asText("");
    }
  }

  /** What the GPUs a run used were shared with, for the reading's source. */
  private static final class Sharing {
    int mostPods = 1;
    final java.util.Set<String> migProfiles = new java.util.TreeSet<>();

    String describe() {
      String text = "";
      if (mostPods > 1) {
        text += "; GPU time-sliced with up to " + mostPods + " pods at once, split equally";
      }
      if (!migProfiles.isEmpty()) {
        text +=
            "; MIG "
                + String.join(", ", migProfiles)
                + ": N of the GPU's compute slices per Ng profile";
      }
      return text;
    }
  }

  /** Labels that name one GPU device, whichever of them the exporter sets. */
  private static final List<String> DEVICE_LABELS = List.of("UUID", "Hostname", "instance", "gpu");

  /**
   * The job's share of one series: a MIG instance's slices, or, where other pods' series show the
   * same device over the run (time-slicing), the job's part of each span between scrapes.
   */
  private List<SampledEnergy.Sample> share(
      String metric, Series own, String podRegex, Instant start, Instant end, Sharing sharing) {
    Optional<Double> mig = GpuSharing.migShare(own.label("GPU_I_PROFILE"), own.label("modelName"));
    if (mig.isPresent()) {
      sharing.migProfiles.add(own.label("GPU_I_PROFILE"));
      return GpuSharing.scaled(own.samples(), mig.get());
    }
    List<String> device = new ArrayList<>();
    for (String label : DEVICE_LABELS) {
      if (!own.label(label).isEmpty()) {
        device.add(label + "=\"" + own.label(label).replace("\"", "\\\"") + "\"");
      }
    }
    if (device.isEmpty()) {
      return own.samples();
    }
    java.util.regex.Pattern ownPods = java.util.regex.Pattern.compile(podRegex);
    // One entry per other pod on the device, however many containers its series name.
    Map<String, TreeMap<Long, Double>> byPod = new LinkedHashMap<>();
    for (Series one : series(metric + "{" + String.join(",", device) + "}", start, end)) {
      String pod = one.label("pod");
      if (!pod.isEmpty() && !ownPods.matcher(pod).matches()) {
        TreeMap<Long, Double> samples =
            byPod.computeIfAbsent(one.label("namespace") + "/" + pod, key -> new TreeMap<>());
        one.samples().forEach(sample -> samples.put(sample.atMillis(), sample.value()));
      }
    }
    List<List<SampledEnergy.Sample>> others = new ArrayList<>();
    byPod
        .values()
        .forEach(
            samples -> {
              List<SampledEnergy.Sample> list = new ArrayList<>();
              samples.forEach((at, value) -> list.add(new SampledEnergy.Sample(at, value)));
              others.add(list);
            });
    if (others.isEmpty()) {
      return own.samples();
    }
    sharing.mostPods = Math.max(sharing.mostPods, GpuSharing.mostPods(own.samples(), others));
    return metric.endsWith("ENERGY_CONSUMPTION")
        ? GpuSharing.sharedCounter(own.samples(), others)
        : GpuSharing.sharedGauge(own.samples(), others);
  }

  /** The raw samples of every series {@code selector} matches, without their labels. */
  private List<List<SampledEnergy.Sample>> samples(String selector, Instant start, Instant end) {
    return series(selector, start, end).stream().map(Series::samples).toList();
  }

  /**
   * Every series {@code selector} matches from a little before {@code start} to a little after
   * {@code end}, with its samples in time order, asked a window at a time.
   */
  private List<Series> series(String selector, Instant start, Instant end) {
    Map<String, JsonNode> labels = new LinkedHashMap<>();
    Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
    Instant from = start.minus(MARGIN);
    Instant until = end.plus(MARGIN);
    while (from.isBefore(until)) {
      Instant to = from.plus(WINDOW).isBefore(until) ? from.plus(WINDOW) : until;
      long seconds = Math.max(1, Duration.between(from, to).toSeconds());
      JsonNode result = query(selector + "[" + seconds + "s]", to);
      for (JsonNode one : result) {
        String key = one.path("metric").toString();
        labels.putIfAbsent(key, one.path("metric"));
        TreeMap<Long, Double> samples = series.computeIfAbsent(key, k -> new TreeMap<>());
        for (JsonNode point : one.path("values")) {
          samples.put(Math.round(point.get(0).asDouble() * 1000), number(point.get(1).asText()));
        }
      }
      from = to;
    }
    List<Series> all = new ArrayList<>();
    series.forEach(
        (key, samples) -> {
          List<SampledEnergy.Sample> list = new ArrayList<>();
          samples.forEach((at, value) -> list.add(new SampledEnergy.Sample(at, value)));
          all.add(new Series(labels.get(key), list));
        });
    return all;
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
