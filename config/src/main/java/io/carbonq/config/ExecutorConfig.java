package io.carbonq.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where dispatched jobs run: {@code simulated} (this machine, nothing runs) or {@code kubernetes}
 * (one batch/v1 Job per job on the cluster of its pool).
 *
 * @param namespace the Jobs' namespace; {@code {owner}} in it becomes the job's owner
 * @param terminationGrace how long a pod may take to checkpoint when paused or cancelled
 * @param kueueQueue when set, Jobs carry Kueue's queue-name label
 * @param pools per node pool: the kubeconfig context of its cluster, node selector, tolerations
 * @param prometheus where the DCGM exporter's and Kepler's metrics are queried for measured energy
 * @param allowHostPath the admin policy: whether jobs may mount a node's host path
 * @param kueue when set, carbonq also releases Kueue Workloads through its admission check
 */
public record ExecutorConfig(
    String type,
    String namespace,
    Duration terminationGrace,
    Optional<String> kueueQueue,
    Map<String, PoolTarget> pools,
    Optional<String> prometheus,
    boolean allowHostPath,
    Optional<LeaderElection> leaderElection,
    Optional<KueueAdmission> kueue) {

  public static final List<String> TYPES = List.of("simulated", "kubernetes");

  /** How one node pool is reached on Kubernetes. */
  public record PoolTarget(
      Optional<String> context,
      Map<String, String> nodeSelector,
      List<TolerationConfig> tolerations) {
    public PoolTarget {
      nodeSelector = Map.copyOf(nodeSelector);
      tolerations = List.copyOf(tolerations);
    }

    public static PoolTarget none() {
      return new PoolTarget(Optional.empty(), Map.of(), List.of());
    }
  }

  /**
   * Replicas elect one leader on a Lease: {@code lease} names it, in {@code namespace} (empty: the
   * pod's own, from {@code POD_NAMESPACE}), on the cluster of {@code context} (empty: in-cluster or
   * the current context).
   */
  public record LeaderElection(
      String lease, Optional<String> namespace, Optional<String> context) {}

  /**
   * Kueue Workloads that wait on carbonq's admission check: the pools they may run in, the run time
   * and the slack to the deadline assumed where a Workload's annotations give none, the kubeconfig
   * context of the cluster Kueue runs in (empty: in-cluster or the current one) and, with
   * MultiKueue, the worker cluster of each pool: carbonq nominates the one its plan chose.
   */
  public record KueueAdmission(
      List<String> pools,
      Duration defaultDuration,
      Duration defaultSlack,
      Optional<String> context,
      Map<String, String> workerClusters) {
    public static final Duration DEFAULT_DURATION = Duration.ofHours(4);
    public static final Duration DEFAULT_SLACK = Duration.ofHours(12);

    public KueueAdmission {
      pools = List.copyOf(pools);
      workerClusters = Map.copyOf(workerClusters);
    }

    public KueueAdmission(
        List<String> pools,
        Duration defaultDuration,
        Duration defaultSlack,
        Optional<String> context) {
      this(pools, defaultDuration, defaultSlack, context, Map.of());
    }
  }

  /** A node taint pods of the pool tolerate. */
  public record TolerationConfig(String key, String operator, String value, String effect) {}

  public ExecutorConfig {
    pools = Map.copyOf(pools);
  }

  public static ExecutorConfig simulated() {
    return new ExecutorConfig(
        "simulated",
        "carbonq",
        Duration.ofMinutes(2),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty());
  }

  public PoolTarget target(String pool) {
    return pools.getOrDefault(pool, PoolTarget.none());
  }
}
