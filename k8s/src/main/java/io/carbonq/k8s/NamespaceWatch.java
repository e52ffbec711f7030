package io.carbonq.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;

/**
 * Informers on the Jobs carbonq manages in one namespace and on their pods: the cluster pushes each
 * change, and reads come from the informers' caches instead of a list call per poll. The informers
 * keep retrying while the cluster does not answer; {@link #live()} says whether their caches can be
 * trusted now.
 */
final class NamespaceWatch implements AutoCloseable {
  private final SharedIndexInformer<Job> jobs;
  private final SharedIndexInformer<Pod> pods;

  NamespaceWatch(KubernetesClient client, String namespace) {
    jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withLabel(KubernetesJobs.MANAGED_BY, "carbonq")
            .runnableInformer(0);
    pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(KubernetesJobs.MANAGED_BY, "carbonq")
            .runnableInformer(0);
    // A cluster that is down now may answer later: keep trying rather than give up the watch,
    // until the client itself is closed.
    jobs.exceptionHandler((started, error) -> !client.getHttpClient().isClosed());
    pods.exceptionHandler((started, error) -> !client.getHttpClient().isClosed());
    jobs.start();
    pods.start();
  }

  /** Whether both caches hold the cluster's state: listed once and still watching. */
  boolean live() {
    return jobs.hasSynced() && pods.hasSynced() && jobs.isWatching() && pods.isWatching();
  }

  List<Job> jobs() {
    return jobs.getStore().list();
  }

  /** The pods of each run, by run id. */
  Map<String, List<Pod>> podsByRun() {
    return KubernetesJobs.byRun(pods.getStore().list());
  }

  @Override
  public void close() {
    jobs.close();
    pods.close();
  }
}
