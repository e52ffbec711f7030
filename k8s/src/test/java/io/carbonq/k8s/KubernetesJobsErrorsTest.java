package io.carbonq.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** The API server's errors, scripted on Fabric8's mock server. */
@EnableKubernetesMockClient
class KubernetesJobsErrorsTest {
  KubernetesMockServer server;
  KubernetesClient client;
  static final String JOBS = "/apis/batch/v1/namespaces/team-ada/jobs";

  @Test
  void aServerErrorIsRetriedAndTheJobStillMadeOnce() {
    RunSpec spec = KubernetesJobsTest.spec("train-a", false);
    server.expect().post().withPath(JOBS).andReturn(500, "etcd timeout").once();
    server.expect().post().withPath(JOBS).andReturn(201, KubernetesJobs.job(spec)).once();

    assertThat(new KubernetesJobs(client).start(spec)).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRefusalIsNotRetriedAndSaysWhatWasRefused() {
    server.expect().post().withPath(JOBS).andReturn(403, "jobs.batch is forbidden").always();

    assertThatThrownBy(
            () -> new KubernetesJobs(client).start(KubernetesJobsTest.spec("train-b", false)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("cluster refused to create Job carbonq-train-b (HTTP 403)");
  }
}
