package io.carbonq.k8s.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GPU a job's pod shares with other pods, and the job's share of what the device drew. DCGM's
 * energy and power are the whole device's, and its pod mapping repeats them for every pod on the
 * device, so a time-sliced GPU would otherwise be counted whole for each pod. Two rules:
 *
 * <ul>
 *   <li><b>time-sliced</b>: between two scrapes, each pod seen on the device in that span gets an
 *       equal share (the device cannot tell which pod drew what);
 *   <li><b>MIG</b>: an instance of profile {@code Ng.…} gets N of the device's compute slices
 *       (seven on an A100, H100 or H200, four on an A30), whoever else runs there.
 * </ul>
 */
final class GpuSharing {
  /** The compute slices of a MIG-capable GPU: seven (A100, H100, H200, B200), four on an A30. */
  static final int MIG_SLICES = 7;

  static final int A30_SLICES = 4;

  private static final Pattern MIG_PROFILE = Pattern.compile("(\\d)g\\..*");

  private GpuSharing() {}

  /** The share of the device a MIG instance of {@code profile} holds; empty for a whole GPU. */
  static Optional<Double> migShare(String profile) {
    return migShare(profile, "");
  }

  /** As {@link #migShare(String)} on a GPU of {@code model} (DCGM's {@code modelName}). */
  static Optional<Double> migShare(String profile, String model) {
    Matcher slices = profile == null ? null : MIG_PROFILE.matcher(profile);
    if (slices == null || !slices.matches()) {
      return Optional.empty();
    }
    int total =
        model != null && model.toUpperCase(java.util.Locale.ROOT).contains("A30")
            ? A30_SLICES
            : MIG_SLICES;
    return Optional.of(Math.min(total, Integer.parseInt(slices.group(1))) / (double) total);
  }

  /** {@code samples} with each value times {@code share}: a counter or gauge of a fixed share. */
  static List<SampledEnergy.Sample> scaled(List<SampledEnergy.Sample> samples, double share) {
    return samples.stream()
        .map(sample -> new SampledEnergy.Sample(sample.atMillis(), sample.value() * share))
        .toList();
  }

  /**
   * The job's counter as its share: each increase between two samples divided by the pods seen on
   * the device in that span (the job's own and each of {@code others} with a sample in it); a reset
   * counts from zero, as {@link SampledEnergy#counter} does.
   */
  static List<SampledEnergy.Sample> sharedCounter(
      List<SampledEnergy.Sample> samples, List<List<SampledEnergy.Sample>> others) {
    List<SampledEnergy.Sample> shared = new ArrayList<>();
    if (samples.isEmpty()) {
      return shared;
    }
    double total = 0;
    shared.add(new SampledEnergy.Sample(samples.get(0).atMillis(), 0));
    for (int i = 1; i < samples.size(); i++) {
      SampledEnergy.Sample before = samples.get(i - 1);
      SampledEnergy.Sample after = samples.get(i);
      double increase =
          after.value() >= before.value() ? after.value() - before.value() : after.value();
      total += increase / pods(before.atMillis(), after.atMillis(), others);
      shared.add(new SampledEnergy.Sample(after.atMillis(), total));
    }
    return shared;
  }

  /** The job's power gauge as its share: each sample divided by the pods seen since the last. */
  static List<SampledEnergy.Sample> sharedGauge(
      List<SampledEnergy.Sample> samples, List<List<SampledEnergy.Sample>> others) {
    List<SampledEnergy.Sample> shared = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      long at = samples.get(i).atMillis();
      long since = i > 0 ? samples.get(i - 1).atMillis() : at - 1;
      shared.add(new SampledEnergy.Sample(at, samples.get(i).value() / pods(since, at, others)));
    }
    return shared;
  }

  /** The most pods seen on the device at once over the run: 1 when the job had it alone. */
  static int mostPods(List<SampledEnergy.Sample> samples, List<List<SampledEnergy.Sample>> others) {
    int most = 1;
    for (int i = 1; i < samples.size(); i++) {
      most = Math.max(most, pods(samples.get(i - 1).atMillis(), samples.get(i).atMillis(), others));
    }
    return most;
  }

  /** 1 (the job's pod) plus each other pod with a sample in {@code (fromMillis, toMillis]}. */
  private static int pods(long fromMillis, long toMillis, List<List<SampledEnergy.Sample>> others) {
    int pods = 1;
    for (List<SampledEnergy.Sample> other : others) {
      if (other.stream().anyMatch(s -> s.atMillis() > fromMillis && s.atMillis() <= toMillis)) {
        pods++;
      }
    }
    return pods;
  }
}
