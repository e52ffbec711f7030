package io.carbonq.scheduler.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;

/** What the history readers' tests build their inputs from and read their jobs back with. */
final class HistoryFixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private HistoryFixtures() {}

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A {@code kubectl get … -o json} export of {@code items}. */
  static JsonNode list(JsonNode... items) {
    ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
    ArrayNode array = list.putArray("items");
    for (JsonNode item : items) {
      array.add(item);
    }
    return list;
  }

  static ObjectNode object(JsonNode node, String pointer) {
    return (ObjectNode) node.at(pointer);
  }

  /** A job on one line: id, user, group, its three times, GPUs, time limit and state. */
  static String summary(HistoryJob job) {
    return String.join(
        " ",
        job.id(),
        job.user(),
        job.group(),
        job.submit().toString(),
        job.start().toString(),
        job.end().toString(),
        job.gpus() + "x" + job.gpuModel().orElse("?"),
        job.timeLimit().map(Duration::toString).orElse("-"),
        job.state());
  }
}
