package io.carbonq.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client per cluster: a kubeconfig context by name, or (without one) the current context or,
 * inside a pod, the cluster the pod runs in.
 */
public final class Clusters implements AutoCloseable {
  private final Map<String, KubernetesJobs> byContext = new ConcurrentHashMap<>();
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  public KubernetesJobs jobs(Optional<String> context) {
    String key = context.orElse("");
    return byContext.computeIfAbsent(
        key,
        name -> {
          Config config = name.isEmpty() ? Config.autoConfigure(null) : Config.autoConfigure(name);
          KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
          clients.put(name, client);
          return new KubernetesJobs(client);
        });
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
  }
}
