package io.carbonq.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipTest {
  private static final LeaseLeadership.Timing FAST =
      new LeaseLeadership.Timing(
          Duration.ofMillis(4000), Duration.ofMillis(3000), Duration.ofMillis(250));

  KubernetesClient client;

  @Test
  void oneReplicaLeadsAndAnotherTakesOverWhenItLeaves() throws InterruptedException {
    LeaseLeadership a = join("pod-a");
    awaitTrue(a::isLeader);
    LeaseLeadership b = join("pod-b");
    try {
      Thread.sleep(600);
      assertThat(b.isLeader()).isFalse();
      assertThat(b.leader()).contains("pod-a");
      Lease lease = client.leases().inNamespace("carbonq").withName("carbonq-leader").get();
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("pod-a");

      a.close();

      awaitTrue(b::isLeader);
      assertThat(a.isLeader()).isFalse();
      assertThat(
              client
                  .leases()
                  .inNamespace("carbonq")
                  .withName("carbonq-leader")
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isEqualTo("pod-b");
    } finally {
      b.close();
    }
  }

  @Test
  void nonsensicalTimingIsRefused() {
    assertThatThrownBy(
            () ->
                new LeaseLeadership.Timing(
                    Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryPeriod < renewDeadline < leaseDuration");
  }

  private LeaseLeadership join(String pod) {
    return LeaseLeadership.join(client, "carbonq", "carbonq-leader", pod, FAST, leading -> {});
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(50);
    }
  }
}
