package io.carbonq.scheduler.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON of {@code kubectl get jobs,pods --all-namespaces -o json}: a {@code List} of
 * batch/v1 Jobs and v1 Pods (a {@code PodList}, or a single Pod or Job, will do). Each Pod that ran
 * on GPUs to its end becomes a {@link HistoryJob}: {@code namespace/name} as id, the namespace as
 * group, submitted when its Job was created (the Pod itself when the export lacks its Job), started
 * at {@code status.startTime}, ended when its last container finished, on the {@code
 * nvidia.com/gpu} of its containers; its user is the label {@code carbonq.io/owner}, else its Job's
 * name; its time limit the Job's {@code activeDeadlineSeconds}; its state the Pod's phase; its
 * labels the Job's labels and annotations overridden by the Pod's. Jobs themselves are read only
 * for their Pods. Every other item is skipped with its index in {@code items} (from 0, as {@code
 * .items[i]} counts) and reason.
 */
public final class KubernetesHistory {
  static final String FORMAT = "kubectl jobs,pods";
  static final String COMMAND = "kubectl get jobs,pods --all-namespaces -o json";

  private KubernetesHistory() {}

  /**
   * The GPU jobs of the export {@code name}, parsed as {@code root}.
   *
   * @throws IllegalArgumentException if the JSON is not such an export, or no Pod in it is a GPU
   *     job that ran to its end
   */
  public static History read(String name, JsonNode root) {
    List<JsonNode> items = KubeObject.items(name, root, COMMAND, Set.of("Pod", "Job"));
    Map<String, KubeObject> jobs = jobs(items);
    HistoryRows rows = new HistoryRows();
    for (int index = 0; index < items.size(); index++) {
      KubeObject item = new KubeObject(items.get(index));
      if (item.kind().equals("Job")) {
        continue; // read with its Pods
      }
      try {
        if (!item.kind().equals("Pod")) {
          throw UnusableRow.unreadable(
              (item.kind().isEmpty() ? "an item without kind" : "a " + item.kind())
                  + ", where a Job or a Pod was expected");
        }
        rows.add(new PodItem(item, jobs).job());
      } catch (UnusableRow why) {
        rows.skip(name + " item " + index, why);
      }
    }
    return rows.history(name, FORMAT);
  }

  private static Map<String, KubeObject> jobs(List<JsonNode> items) {
    Map<String, KubeObject> jobs = new HashMap<>();
    for (JsonNode node : items) {
      KubeObject item = new KubeObject(node);
      if (item.kind().equals("Job") && item.at("metadata.name").isTextual()) {
        jobs.put(item.key(), item);
      }
    }
    return jobs;
  }
}
