package io.carbonq.scheduler.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The GPUs a pod spec asks for: the {@code nvidia.com/gpu} limits of its containers (their requests
 * where a container sets no limit), and the model from its node selector or required node affinity
 * on {@code nvidia.com/gpu.product} or {@code cloud.google.com/gke-accelerator}.
 */
final class PodGpus {
  static final String GPU = "nvidia.com/gpu";
  static final List<String> MODEL_LABELS =
      List.of("nvidia.com/gpu.product", "cloud.google.com/gke-accelerator");

  private PodGpus() {}

  static GpuRequest of(JsonNode podSpec) {
    return new GpuRequest(count(podSpec), model(podSpec));
  }

  /**
   * The sum over its containers; init containers run one at a time before them, so one asking for
   * more than that sum sets what the pod holds.
   */
  private static int count(JsonNode podSpec) {
    int containers = 0;
    for (JsonNode container : podSpec.path("containers")) {
      containers += gpus(container);
    }
    int init = 0;
    for (JsonNode container : podSpec.path("initContainers")) {
      init = Math.max(init, gpus(container));
    }
    return Math.max(containers, init);
  }

  private static int gpus(JsonNode container) {
    JsonNode resources = container.path("resources");
    JsonNode quantity = resources.path("limits").path(GPU);
    if (quantity.isMissingNode()) {
      quantity = resources.path("requests").path(GPU);
    }
    if (quantity.isMissingNode()) {
      return 0;
    }
    String text = quantity.asText();
    if (!text.matches("\\d{1,6}")) {
      throw UnusableRow.unreadable(
          "container '"
              + container.path("name").asText()
              + "' asks for "
              + GPU
              + " '"
              + text
              + "', not a whole number");
    }
    return Integer.parseInt(text);
  }

  /** The one model it is pinned to; none when it names none or allows several. */
  private static Optional<String> model(JsonNode podSpec) {
    for (String label : MODEL_LABELS) {
      JsonNode value = podSpec.path("nodeSelector").path(label);
      if (value.isTextual()) {
        return Optional.of(value.asText());
      }
    }
    TreeSet<String> models = new TreeSet<>();
    JsonNode terms =
        podSpec
            .path("affinity")
            .path("nodeAffinity")
            .path("requiredDuringSchedulingIgnoredDuringExecution")
            .path("nodeSelectorTerms");
    for (JsonNode term : terms) {
      for (JsonNode expression : term.path("matchExpressions")) {
        if (MODEL_LABELS.contains(expression.path("key").asText())
            && expression.path("operator").asText().equals("In")) {
          expression.path("values").forEach(value -> models.add(value.asText()));
        }
      }
    }
    return models.size() == 1 ? Optional.of(models.first()) : Optional.empty();
  }
}
