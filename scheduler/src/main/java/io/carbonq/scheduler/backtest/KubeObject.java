package io.carbonq.scheduler.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Kubernetes object as {@code kubectl get -o json} prints it, read field by field; a field that
 * is there but cannot be read is an {@link UnusableRow} naming its path.
 */
record KubeObject(JsonNode node) {
  /** An annotation kubectl apply writes, a copy of the whole object: no label of a job. */
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /**
   * The items of a list ({@code List}, {@code PodList}, ...), or the object itself when it is of
   * one of {@code kinds}.
   *
   * @throws IllegalArgumentException naming {@code command} when the JSON is neither
   */
  static List<JsonNode> items(String name, JsonNode root, String command, Set<String> kinds) {
    if (root.path("items").isArray()) {
      List<JsonNode> items = new ArrayList<>();
      root.path("items").forEach(items::add);
      return items;
    }
    if (kinds.contains(root.path("kind").asText())) {
      return List.of(root);
    }
    throw new IllegalArgumentException(
        name
            + ": not the output of "
            + command
            + ": expected a List of items or a single "
            + String.join(" or ", kinds.stream().sorted().toList())
            + ", found "
            + (root.has("kind") ? "kind '" + root.path("kind").asText() + "'" : "no kind"));
  }

  String kind() {
    return node.path("kind").asText("");
  }

  /** {@code namespace/name}, the namespace {@code default} when the object names none. */
  String key() {
    String name = node.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw UnusableRow.unreadable("a " + kind() + " without metadata.name");
    }
    return node.path("metadata").path("namespace").asText("default") + "/" + name;
  }

  String namespace() {
    return node.path("metadata").path("namespace").asText("default");
  }

  /** The field at a dotted path such as {@code status.startTime}; missing when it is not there. */
  JsonNode at(String path) {
    return node.at("/" + path.replace('.', '/'));
  }

  /** The RFC 3339 time at {@code path}, none when the field is absent or null. */
  Optional<Instant> time(String path) {
    JsonNode field = at(path);
    if (field.isMissingNode() || field.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(field.asText()).toInstant());
    } catch (DateTimeParseException e) {
      throw UnusableRow.unreadable(
          path + " '" + field.asText() + "' is not a time like 2023-05-08T10:00:00Z");
    }
  }

  Instant created() {
    return time("metadata.creationTimestamp")
        .orElseThrow(() -> UnusableRow.unreadable("no metadata.creationTimestamp"));
  }

  /** Its labels, then its annotations, which win where both have a key. */
  Map<String, String> labelsAndAnnotations() {
    Map<String, String> labels = new HashMap<>();
    node.path("metadata").path("labels").properties().forEach(e -> put(labels, e));
    node.path("metadata").path("annotations").properties().forEach(e -> put(labels, e));
    labels.remove(LAST_APPLIED);
    return labels;
  }

  private static void put(Map<String, String> labels, Map.Entry<String, JsonNode> entry) {
    labels.put(entry.getKey(), entry.getValue().asText());
  }
}
