package io.carbonq.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease: of several replicas holding the same
 * lease name, one leads at a time; the others take over within the lease duration when it stops
 * renewing. The Lease says who leads ({@code kubectl get lease NAME -o yaml}).
 */
public final class LeaseLeadership implements AutoCloseable {
  /** How long a lease holds without renewal, when the leader must renew, and how often to try. */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    /** Kubernetes' own controllers' defaults. */
    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    public Timing {
      if (renewDeadline.compareTo(leaseDuration) >= 0
          || retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException(
            "lease timing needs retryPeriod < renewDeadline < leaseDuration, got " + this);
      }
    }
  }

  private final AtomicReference<String> leader = new AtomicReference<>();
  private volatile boolean leading;
  private final CompletableFuture<?> election;

  private LeaseLeadership(
      KubernetesClient client,
      String namespace,
      String lease,
      String identity,
      Timing timing,
      Consumer<Boolean> onChange) {
    var config =
        new LeaderElectionConfigBuilder()
            .withName(lease)
            .withLock(new LeaseLock(namespace, lease, Objects.requireNonNull(identity, "identity")))
            .withLeaseDuration(timing.leaseDuration())
            .withRenewDeadline(timing.renewDeadline())
            .withRetryPeriod(timing.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> {
                      leading = true;
                      onChange.accept(true);
                    },
                    () -> {
                      leading = false;
                      onChange.accept(false);
                    },
                    leader::set))
            .build();
    this.election = client.leaderElector().withConfig(config).build().start();
  }

  /**
   * Starts taking part in the election for {@code lease} in {@code namespace} as {@code identity}
   * (the pod name, so that the Lease names the pod that leads); {@code onChange} hears true when
   * this replica starts leading, false when it stops.
   */
  public static LeaseLeadership join(
      KubernetesClient client,
      String namespace,
      String lease,
      String identity,
      Timing timing,
      Consumer<Boolean> onChange) {
    return new LeaseLeadership(client, namespace, lease, identity, timing, onChange);
  }

  /** Whether this replica leads now. */
  public boolean isLeader() {
    return leading;
  }

  /** The replica that leads, as last seen; empty before the first election. */
  public Optional<String> leader() {
    return Optional.ofNullable(leader.get());
  }

  /** Leaves the election, releasing the lease when this replica holds it. */
  @Override
  public void close() {
    leading = false;
    election.cancel(true);
  }
}
