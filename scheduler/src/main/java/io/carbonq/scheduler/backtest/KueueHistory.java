package io.carbonq.scheduler.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Reads the JSON of {@code kubectl get workloads.kueue.x-k8s.io --all-namespaces -o json}: a {@code
 * List} of Kueue Workloads (a {@code WorkloadList}, or a single Workload, will do). Each Workload
 * that ran on GPUs to its end becomes a {@link HistoryJob}: {@code namespace/name} as id, its
 * LocalQueue ({@code spec.queueName}) as group, submitted when it was created, started when it was
 * last admitted (condition Admitted), ended when it finished (condition Finished), on the {@code
 * nvidia.com/gpu} of each pod set's pod times its count; its user is the label {@code
 * carbonq.io/owner}, else the name of the object that owns it; its time limit {@code
 * spec.maximumExecutionTimeSeconds}; its state the reason it finished (Succeeded, Failed); its
 * labels its labels and annotations. Kueue copies a Job's labels to its Workload only where its
 * configuration lists them in {@code labelKeysToCopy}. Every other item is skipped with its index
 * in {@code items} (from 0) and reason.
 */
public final class KueueHistory {
  static final String FORMAT = "kueue workloads";
  static final String COMMAND = "kubectl get workloads.kueue.x-k8s.io --all-namespaces -o json";

  private KueueHistory() {}

  /**
   * The GPU jobs of the export {@code name}, parsed as {@code root}.
   *
   * @throws IllegalArgumentException if the JSON is not such an export, or no Workload in it is a
   *     GPU job that ran to its end
   */
  public static History read(String name, JsonNode root) {
    List<JsonNode> items = KubeObject.items(name, root, COMMAND, Set.of("Workload"));
    HistoryRows rows = new HistoryRows();
    for (int index = 0; index < items.size(); index++) {
      KubeObject item = new KubeObject(items.get(index));
      try {
        if (!item.kind().equals("Workload")) {
          throw UnusableRow.unreadable(
              (item.kind().isEmpty() ? "an item without kind" : "a " + item.kind())
                  + ", where a Workload was expected");
        }
        rows.add(new WorkloadItem(item).job());
      } catch (UnusableRow why) {
        rows.skip(name + " item " + index, why);
      }
    }
    return rows.history(name, FORMAT);
  }
}
