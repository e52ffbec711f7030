package io.carbonq.scheduler.backtest;

import static io.carbonq.scheduler.backtest.UnusableRow.NEVER_STARTED;
import static io.carbonq.scheduler.backtest.UnusableRow.NO_GPU;
import static io.carbonq.scheduler.backtest.UnusableRow.STILL_RUNNING;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One Kueue Workload of a {@code kubectl get workloads.kueue.x-k8s.io -o json} export, and the
 * rules that make it a {@link HistoryJob} or say why it is not one.
 */
final class WorkloadItem {
  private final KubeObject workload;

  WorkloadItem(KubeObject workload) {
    this.workload = workload;
  }

  HistoryJob job() {
    String id = workload.key();
    try {
      return job(id);
    } catch (UnusableRow why) {
      throw new UnusableRow(why.reason(), "workload " + id + ": " + why.detail());
    }
  }

  private HistoryJob job(String id) {
    GpuRequest gpus = gpus();
    if (gpus.count() == 0) {
      throw new UnusableRow(NO_GPU, "no pod set asks for " + PodGpus.GPU);
    }
    // Admitted again after an eviction, it ran from the last admission.
    JsonNode admitted =
        condition("Admitted")
            .orElseThrow(() -> new UnusableRow(NEVER_STARTED, "condition Admitted is not True"));
    JsonNode finished =
        condition("Finished")
            .orElseThrow(() -> new UnusableRow(STILL_RUNNING, "condition Finished is not True"));
    Map<String, String> labels = workload.labelsAndAnnotations();
    try {
      return new HistoryJob(
          id,
          Optional.ofNullable(labels.get(PodItem.OWNER_LABEL))
              .orElse(workload.at("metadata.ownerReferences.0.name").asText("")),
          workload.at("spec.queueName").asText(""),
          workload.created(),
          transition(admitted),
          transition(finished),
          gpus.count(),
          gpus.model(),
          timeLimit(),
          finished.path("reason").asText("Finished"),
          labels);
    } catch (IllegalArgumentException e) {
      throw UnusableRow.unreadable(e.getMessage());
    }
  }

  /**
   * Count times the GPUs of each pod set's pod, the count Kueue admitted where it admitted fewer
   * pods than asked (partial admission); the model when every pod set with GPUs names the same one.
   */
  private GpuRequest gpus() {
    int count = 0;
    TreeSet<String> models = new TreeSet<>();
    boolean unnamed = false;
    java.util.Map<String, JsonNode> admitted = new java.util.HashMap<>();
    for (JsonNode assignment : workload.at("status.admission.podSetAssignments")) {
      if (assignment.path("count").isIntegralNumber()) {
        admitted.put(assignment.path("name").asText(), assignment.path("count"));
      }
    }
    for (JsonNode podSet : workload.at("spec.podSets")) {
      JsonNode pods = admitted.getOrDefault(podSet.path("name").asText(), podSet.path("count"));
      if (!pods.isMissingNode() && !pods.isIntegralNumber()) {
        throw UnusableRow.unreadable(
            "pod set '"
                + podSet.path("name").asText()
                + "' count '"
                + pods.asText()
                + "' is not a whole number");
      }
      GpuRequest perPod = PodGpus.of(podSet.path("template").path("spec"));
      if (perPod.count() > 0) {
        count += pods.asInt(1) * perPod.count();
        perPod.model().ifPresent(models::add);
        unnamed |= perPod.model().isEmpty();
      }
    }
    Optional<String> model =
        models.size() == 1 && !unnamed ? Optional.of(models.first()) : Optional.empty();
    return new GpuRequest(count, model);
  }

  /** The condition of that type when its status is True. */
  private Optional<JsonNode> condition(String type) {
    for (JsonNode condition : workload.at("status.conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition.path("status").asText().equals("True")
            ? Optional.of(condition)
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Instant transition(JsonNode condition) {
    String type = condition.path("type").asText();
    try {
      return new KubeObject(condition)
          .time("lastTransitionTime")
          .orElseThrow(
              () -> UnusableRow.unreadable("condition " + type + " without lastTransitionTime"));
    } catch (UnusableRow why) {
      throw new UnusableRow(why.reason(), "condition " + type + " " + why.detail());
    }
  }

  private Optional<Duration> timeLimit() {
    JsonNode seconds = workload.at("spec.maximumExecutionTimeSeconds");
    if (seconds.isMissingNode() || seconds.isNull()) {
      return Optional.empty();
    }
    if (!seconds.isIntegralNumber()) {
      throw UnusableRow.unreadable(
          "maximumExecutionTimeSeconds '"
              + seconds.asText()
              + "' is not a whole number of seconds");
    }
    return Optional.of(Duration.ofSeconds(seconds.asLong()));
  }
}
