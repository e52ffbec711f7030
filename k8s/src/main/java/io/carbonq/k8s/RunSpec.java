package io.carbonq.k8s;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run to put on a cluster as a {@code batch/v1} Job: who and what, the GPUs, where (node
 * selector and tolerations of its node pool), the annotations that say what carbonq expects of it,
 * and whether it starts suspended (an interruptible run paused until its slot).
 *
 * @param runId the carbonq job id; the Job's name is derived from it, so a retry never makes two
 * @param terminationGrace how long a pod may take to checkpoint when paused or cancelled
 * @param kueueQueue when set, the Job carries Kueue's queue-name label so Kueue's quotas apply
 */
public record RunSpec(
    String runId,
    String owner,
    Optional<String> sweepId,
    String namespace,
    String image,
    List<String> command,
    Map<String, String> env,
    List<Mount> mounts,
    int gpus,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Map<String, String> annotations,
    boolean suspended,
    Duration terminationGrace,
    Optional<String> kueueQueue) {

  /**
   * A volume the run mounts: {@code kind} is {@code persistentVolumeClaim}, {@code configMap},
   * {@code secret}, {@code emptyDir} or {@code hostPath}, {@code source} its claim, map, secret or
   * path.
   */
  public record Mount(
      String name, String mountPath, String kind, String source, boolean readOnly) {}

  /** A node taint the run tolerates. */
  public record Toleration(String key, String operator, String value, String effect) {}

  public RunSpec {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(namespace, "namespace");
    command = List.copyOf(command);
    env = Map.copyOf(env);
    mounts = List.copyOf(mounts);
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
    annotations = Map.copyOf(annotations);
    if (gpus < 0) {
      throw new IllegalArgumentException("gpus must be >= 0, got " + gpus);
    }
  }
}
