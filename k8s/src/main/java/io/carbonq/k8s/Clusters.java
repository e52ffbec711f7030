package io.carbonq.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One client per cluster: a kubeconfig context by name, or (without one) the current context or,
 * inside a pod, the cluster the pod runs in.
 */
public final class Clusters implements AutoCloseable {
  private final Map<String, KubernetesJobs> byContext = new ConcurrentHashMap<>();
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  public KubernetesJobs jobs(Optional<String> context) {
    return byContext.computeIfAbsent(context.orElse(""), name -> new KubernetesJobs(client(name)));
  }

  /** The Kueue Workloads of the cluster of {@code context}, for carbonq's admission check. */
  public KueueWorkloads kueue(Optional<String> context, java.time.Clock clock) {
    return new KueueWorkloads(client(context.orElse("")), clock);
  }

  /** Joins the leader election on {@code lease} in the cluster of {@code context}. */
  public LeaseLeadership leadership(
      Optional<String> context,
      String namespace,
      String lease,
      String identity,
      Consumer<Boolean> onChange) {
    return LeaseLeadership.join(
        client(context.orElse("")),
        namespace,
        lease,
        identity,
        LeaseLeadership.Timing.DEFAULT,
        onChange);
  }

  private KubernetesClient client(String context) {
    return clients.computeIfAbsent(
        context,
        name -> {
          Config config = name.isEmpty() ? Config.autoConfigure(null) : Config.autoConfigure(name);
          return new KubernetesClientBuilder().withConfig(config).build();
        });
  }

  @Override
  public void close() {
    byContext.values().forEach(KubernetesJobs::close);
    clients.values().forEach(KubernetesClient::close);
  }
}
