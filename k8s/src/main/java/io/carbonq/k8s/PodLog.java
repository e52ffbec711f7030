package io.carbonq.k8s;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pod of a run printed.
 *
 * @param pod the pod's name
 * @param startedAt when the kubelet started the pod, when the cluster says
 * @param text the container's output, at most the last {@link KubernetesJobs#MAX_LOG_LINES} lines
 */
public record PodLog(String pod, Optional<Instant> startedAt, String text) {
  public PodLog {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(text, "text");
  }
}
