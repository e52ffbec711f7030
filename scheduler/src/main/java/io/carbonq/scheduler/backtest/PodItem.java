package io.carbonq.scheduler.backtest;

import static io.carbonq.scheduler.backtest.UnusableRow.NEVER_STARTED;
import static io.carbonq.scheduler.backtest.UnusableRow.NO_GPU;
import static io.carbonq.scheduler.backtest.UnusableRow.STILL_RUNNING;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Pod of a {@code kubectl get jobs,pods -o json} export, with the Job that owns it when the
 * export has that Job, and the rules that make it a {@link HistoryJob} or say why it is not one.
 */
final class PodItem {
  static final String OWNER_LABEL = "carbonq.io/owner";

  private final KubeObject pod;
  private final Optional<String> ownerJobName;
  private final Optional<KubeObject> ownerJob;

  /** {@code jobs}: the export's Jobs by {@code namespace/name}. */
  PodItem(KubeObject pod, Map<String, KubeObject> jobs) {
    this.pod = pod;
    this.ownerJobName = ownerJobName(pod);
    this.ownerJob = ownerJobName.map(name -> jobs.get(pod.namespace() + "/" + name));
  }

  HistoryJob job() {
    String id = pod.key();
    try {
      return job(id);
    } catch (UnusableRow why) {
      throw new UnusableRow(why.reason(), "pod " + id + ": " + why.detail());
    }
  }

  private HistoryJob job(String id) {
    GpuRequest gpus = PodGpus.of(pod.at("spec"));
    if (gpus.count() == 0) {
      throw new UnusableRow(NO_GPU, "no container asks for " + PodGpus.GPU);
    }
    String phase = pod.at("status.phase").asText("");
    Optional<Instant> start = pod.time("status.startTime");
    if (start.isEmpty() || phase.equals("Pending")) {
      throw new UnusableRow(
          NEVER_STARTED,
          "phase "
              + phase
              + (start.isEmpty() ? ", no status.startTime" : ", its containers not yet running"));
    }
    Instant end = end(phase);
    Map<String, String> labels = labels();
    try {
      return new HistoryJob(
          id,
          Optional.ofNullable(labels.get(OWNER_LABEL)).or(() -> ownerJobName).orElse(""),
          pod.namespace(),
          ownerJob.orElse(pod).created(),
          start.get(),
          end,
          gpus.count(),
          gpus.model(),
          timeLimit(),
          phase,
          labels);
    } catch (IllegalArgumentException e) {
      throw UnusableRow.unreadable(e.getMessage());
    }
  }

  /** When its last container finished: a pod ends with the last of its containers. */
  private Instant end(String phase) {
    Instant end = null;
    for (JsonNode status : pod.at("status.containerStatuses")) {
      JsonNode terminated = status.path("state").path("terminated");
      if (terminated.isMissingNode()) {
        throw new UnusableRow(
            STILL_RUNNING,
            "phase " + phase + ", container '" + status.path("name").asText() + "' not terminated");
      }
      Instant finished =
          new KubeObject(status)
              .time("state.terminated.finishedAt")
              .orElseThrow(
                  () ->
                      UnusableRow.unreadable(
                          "container '"
                              + status.path("name").asText()
                              + "' terminated without finishedAt"));
      end = end == null || finished.isAfter(end) ? finished : end;
    }
    if (end == null) {
      throw phase.equals("Succeeded") || phase.equals("Failed")
          ? UnusableRow.unreadable("phase " + phase + " but no status.containerStatuses")
          : new UnusableRow(STILL_RUNNING, "phase " + phase + ", no container terminated");
    }
    return end;
  }

  /** The Job's labels and annotations, then the Pod's, which win where both have a key. */
  private Map<String, String> labels() {
    Map<String, String> labels = new HashMap<>();
    ownerJob.ifPresent(job -> labels.putAll(job.labelsAndAnnotations()));
    labels.putAll(pod.labelsAndAnnotations());
    return labels;
  }

  private Optional<Duration> timeLimit() {
    JsonNode seconds =
        ownerJob
            .map(job -> job.at("spec.activeDeadlineSeconds"))
            .filter(field -> !field.isMissingNode())
            .orElse(pod.at("spec.activeDeadlineSeconds"));
    if (seconds.isMissingNode() || seconds.isNull()) {
      return Optional.empty();
    }
    if (!seconds.isIntegralNumber()) {
      throw UnusableRow.unreadable(
          "activeDeadlineSeconds '" + seconds.asText() + "' is not a whole number of seconds");
    }
    return Optional.of(Duration.ofSeconds(seconds.asLong()));
  }

  private static Optional<String> ownerJobName(KubeObject pod) {
    for (JsonNode owner : pod.at("metadata.ownerReferences")) {
      if (owner.path("kind").asText().equals("Job")) {
        return Optional.of(owner.path("name").asText());
      }
    }
    return Optional.empty();
  }
}
