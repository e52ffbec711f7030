package io.carbonq.k8s;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * carbonq's runs as Kubernetes Jobs in one cluster: created under a name derived from the run id
 * (so a retry or a restart adopts the Job instead of making a second), found again by label,
 * suspended and resumed with {@code spec.suspend}, and deleted on cancellation. Conflicts, rate
 * limits and server errors are retried with backoff; an unreachable cluster is reported, never
 * skipped.
 */
public final class KubernetesJobs implements AutoCloseable {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String RUN_ID = "carbonq.dev/run-id";
  public static final String OWNER = "carbonq.dev/owner";
  public static final String SWEEP = "carbonq.dev/sweep";
  public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";
  private static final int ATTEMPTS = 4;

  /** The container a run's pod runs the training in. */
  static final String CONTAINER = "train";

  /** The most of a pod's output read: its last lines, as {@code kubectl logs --tail} gives. */
  public static final int MAX_LOG_LINES = 10_000;

  /** Pods in these phases have started their container, so they have output to read. */
  private static final Set<String> STARTED = Set.of("Running", "Succeeded", "Failed");

  /** Container waits that will not end by themselves: the run needs a fix, not patience. */
  private static final Set<String> STUCK =
      Set.of(
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "CrashLoopBackOff");

  private final KubernetesClient client;
  private final Map<String, NamespaceWatch> watches = new ConcurrentHashMap<>();

  public KubernetesJobs(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The Job name of a run: DNS-1123, at most 63 characters, stable for the run id, and never the
   * same for two run ids. An id that is a valid name as it stands ({@code carbonq-} and lower-case
   * letters, digits and single dashes) keeps it; any other (too long, upper case, dots, double
   * dashes) is cut and followed by {@code --} and a hash of the whole id. Names of the first kind
   * never hold {@code --}, so the two kinds cannot meet.
   */
  public static String jobName(String runId) {
    String name = "carbonq-" + runId;
    if (name.length() <= 63 && name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      return name;
    }
    String safe =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-");
    return safe.substring(0, Math.min(safe.length(), 51)).replaceAll("-+$", "")
        + "--"
        + shortHash(runId);
  }

  /**
   * Creates the run's Job; false when it exists already (a retry or a restart), which is then
   * adopted as it is.
   */
  public boolean start(RunSpec spec) {
    Job job = job(spec);
    return retrying(
        "create Job " + job.getMetadata().getName(),
        () -> {
          try {
            jobs(spec.namespace()).resource(job).create();
            return true;
          } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
              return false;
            }
            throw e;
          }
        });
  }

  /** Pauses or resumes a run; its pods get their grace period to checkpoint when paused. */
  public void suspend(String namespace, String runId, boolean suspended) {
    retrying(
        "suspend Job " + jobName(runId),
        () ->
            job(namespace, runId)
                .edit(
                    job ->
                        new JobBuilder(job).editSpec().withSuspend(suspended).endSpec().build()));
  }

  /** Deletes the run's Job and its pods; nothing when it is gone already. */
  public void delete(String namespace, String runId) {
    retrying(
        "delete Job " + jobName(runId),
        () ->
            job(namespace, runId)
                .withPropagationPolicy(
                    io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                .delete());
  }

  public Optional<RunStatus> status(String namespace, String runId) {
    Job job = retrying("read Job " + jobName(runId), () -> job(namespace, runId).get());
    return Optional.ofNullable(job).map(KubernetesJobs::status);
  }

  /**
   * What the run's pods printed, the earliest started first: each resume of a suspended Job starts
   * a new pod, and the pods the cluster still keeps are read (it deletes those a suspension stops).
   * Pods whose container has not started yet are left out; none at all is an empty list.
   */
  public List<PodLog> logs(String namespace, String runId) {
    List<Pod> pods =
        retrying(
            "list the pods of Job " + jobName(runId),
            () ->
                client
                    .pods()
                    .inNamespace(namespace)
                    .withLabels(Map.of(MANAGED_BY, "carbonq", RUN_ID, labelValue(runId)))
                    .list()
                    .getItems());
    List<PodLog> logs = new ArrayList<>();
    for (Pod pod : pods.stream().filter(KubernetesJobs::started).sorted(BY_START).toList()) {
      String name = pod.getMetadata().getName();
      String text =
          retrying(
              "read the log of pod " + name,
              () ->
                  client
                      .pods()
                      .inNamespace(namespace)
                      .withName(name)
                      .inContainer(CONTAINER)
                      .tailingLines(MAX_LOG_LINES)
                      .getLog());
      logs.add(new PodLog(name, startTime(pod), text == null ? "" : text));
    }
    return logs;
  }

  private static final Comparator<Pod> BY_START =
      Comparator.comparing((Pod pod) -> startTime(pod).orElse(Instant.MAX))
          .thenComparing(pod -> pod.getMetadata().getName());

  private static boolean started(Pod pod) {
    return pod.getStatus() != null && STARTED.contains(pod.getStatus().getPhase());
  }

  private static Optional<Instant> startTime(Pod pod) {
    return Optional.ofNullable(pod.getStatus()).map(PodStatus::getStartTime).map(Instant::parse);
  }

  /**
   * Every run carbonq manages in {@code namespace}, as the cluster sees it: from the informers on
   * the namespace's Jobs and pods, which the first call starts; until they have synced, or while
   * their watch is down, from a list call, which also reports a cluster that does not answer.
   */
  public List<RunStatus> statuses(String namespace) {
    NamespaceWatch watch = watches.computeIfAbsent(namespace, ns -> new NamespaceWatch(client, ns));
    List<Job> jobs;
    Map<String, List<Pod>> pods;
    if (watch.live()) {
      jobs = watch.jobs();
      pods = watch.podsByRun();
    } else {
      jobs =
          retrying(
              "list Jobs",
              () -> jobs(namespace).withLabel(MANAGED_BY, "carbonq").list().getItems());
      pods =
          byRun(
              retrying(
                  "list pods",
                  () ->
                      client
                          .pods()
                          .inNamespace(namespace)
                          .withLabel(MANAGED_BY, "carbonq")
                          .list()
                          .getItems()));
    }
    List<RunStatus> statuses = new ArrayList<>();
    for (Job job : jobs) {
      String runLabel = job.getMetadata().getLabels().getOrDefault(RUN_ID, "");
      statuses.add(status(job, pods.getOrDefault(runLabel, List.of())));
    }
    return statuses;
  }

  /** Stops the informers. */
  @Override
  public void close() {
    watches.values().forEach(NamespaceWatch::close);
    watches.clear();
  }

  private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs(String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace);
  }

  /** The run's Job, found by the name its id gives. */
  private ScalableResource<Job> job(String namespace, String runId) {
    return jobs(namespace).withName(jobName(runId));
  }

  static Job job(RunSpec spec) {
    Map<String, String> labels = new HashMap<>();
    labels.put(MANAGED_BY, "carbonq");
    labels.put(RUN_ID, labelValue(spec.runId()));
    labels.put(OWNER, labelValue(spec.owner()));
    spec.sweepId().ifPresent(sweep -> labels.put(SWEEP, labelValue(sweep)));
    Map<String, String> annotations = new HashMap<>(spec.annotations());
    annotations.put(RUN_ID, spec.runId());
    spec.kueueQueue().ifPresent(queue -> labels.put(KUEUE_QUEUE, queue));
    Map<String, Quantity> limits = new HashMap<>();
    if (spec.gpus() > 0) {
      limits.put("nvidia.com/gpu", new Quantity(Integer.toString(spec.gpus())));
    }
    List<String> command = spec.command();
    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(spec.runId()))
        .withNamespace(spec.namespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withSuspend(spec.suspended())
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withVolumes(spec.mounts().stream().map(KubernetesJobs::volume).toList())
        .withTerminationGracePeriodSeconds(spec.terminationGrace().toSeconds())
        .withNodeSelector(spec.nodeSelector())
        .withTolerations(
            spec.tolerations().stream()
                .map(
                    t ->
                        new TolerationBuilder()
                            .withKey(t.key())
                            .withOperator(t.operator())
                            .withValue(t.value())
                            .withEffect(t.effect())
                            .build())
                .toList())
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(spec.image())
        .withCommand(command.isEmpty() ? null : command)
        .withEnv(
            new java.util.TreeMap<>(spec.env())
                .entrySet().stream()
                    .map(
                        e ->
                            new io.fabric8.kubernetes.api.model.EnvVar(
                                e.getKey(), e.getValue(), null))
                    .toList())
        .withResources(new ResourceRequirementsBuilder().withLimits(limits).build())
        .withVolumeMounts(
            spec.mounts().stream()
                .map(
                    m ->
                        new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                            .withName(m.name())
                            .withMountPath(m.mountPath())
                            .withReadOnly(m.readOnly())
                            .build())
                .toList())
        .withNewSecurityContext()
        .withPrivileged(false)
        .withAllowPrivilegeEscalation(false)
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Volume volume(RunSpec.Mount mount) {
    var volume = new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(mount.name());
    return switch (mount.kind()) {
      case "persistentVolumeClaim" ->
          volume
              .withNewPersistentVolumeClaim()
              .withClaimName(mount.source())
              .endPersistentVolumeClaim()
              .build();
      case "configMap" -> volume.withNewConfigMap().withName(mount.source()).endConfigMap().build();
      case "secret" -> volume.withNewSecret().withSecretName(mount.source()).endSecret().build();
      case "hostPath" -> volume.withNewHostPath().withPath(mount.source()).endHostPath().build();
      default -> volume.withNewEmptyDir().endEmptyDir().build();
    };
  }

  /**
   * A label value for {@code text}: itself when Kubernetes takes it as one (at most 63 letters,
   * digits, '-', '_' and '.', alphanumeric at both ends), else a valid name made from it that no
   * other text gives (see {@link #jobName}). The text itself goes in an annotation where it must be
   * read back.
   */
  static String labelValue(String text) {
    if (text.matches("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?")) {
      return text;
    }
    return jobName(text).substring("carbonq-".length());
  }

  /** Pods by their run's label value; pods without a run label are left out. */
  static Map<String, List<Pod>> byRun(List<Pod> pods) {
    Map<String, List<Pod>> byRun = new HashMap<>();
    for (Pod pod : pods) {
      String runId = pod.getMetadata().getLabels().get(RUN_ID);
      if (runId != null) {
        byRun.computeIfAbsent(runId, id -> new ArrayList<>()).add(pod);
      }
    }
    return byRun;
  }

  /** The run id a Job was made for: its annotation, else (Jobs made before) its label. */
  private static String runId(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(RUN_ID)) {
      return annotations.get(RUN_ID);
    }
    return job.getMetadata().getLabels().getOrDefault(RUN_ID, job.getMetadata().getName());
  }

  /**
   * The run's status from its Job and, where the pods are known, from them: a Job with pods none of
   * which runs yet is pending, with the reason when a pod cannot be scheduled or a container cannot
   * start (a bad image, a missing secret).
   */
  static RunStatus status(Job job, List<Pod> pods) {
    RunStatus fromJob = status(job);
    boolean undecided =
        fromJob.phase() == RunStatus.Phase.RUNNING || fromJob.phase() == RunStatus.Phase.PENDING;
    if (!undecided || pods.isEmpty()) {
      return fromJob;
    }
    if (pods.stream()
        .anyMatch(pod -> pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))) {
      return fromJob.phase() == RunStatus.Phase.RUNNING
          ? fromJob
          : new RunStatus(
              fromJob.runId(),
              RunStatus.Phase.RUNNING,
              Optional.empty(),
              Optional.empty(),
              "running");
    }
    return new RunStatus(
        fromJob.runId(),
        RunStatus.Phase.PENDING,
        Optional.empty(),
        Optional.empty(),
        trouble(pods).map(why -> "pending: " + why).orElse("pending"));
  }

  /** Why the pods do not run, when waiting will not help on its own. */
  static Optional<String> trouble(List<Pod> pods) {
    for (Pod pod : pods) {
      PodStatus status = pod.getStatus();
      if (status == null) {
        continue;
      }
      for (PodCondition condition : Optional.ofNullable(status.getConditions()).orElse(List.of())) {
        if ("PodScheduled".equals(condition.getType())
            && "False".equals(condition.getStatus())
            && "Unschedulable".equals(condition.getReason())) {
          return Optional.of(
              "unschedulable: "
                  + Optional.ofNullable(condition.getMessage()).orElse("no node fits"));
        }
      }
      for (ContainerStatus container :
          Optional.ofNullable(status.getContainerStatuses()).orElse(List.of())) {
        ContainerStateWaiting waiting =
            container.getState() == null ? null : container.getState().getWaiting();
        if (waiting != null && STUCK.contains(waiting.getReason())) {
          return Optional.of(
              waiting.getReason()
                  + Optional.ofNullable(waiting.getMessage()).map(m -> ": " + m).orElse(""));
        }
      }
    }
    return Optional.empty();
  }

  static RunStatus status(Job job) {
    String runId = runId(job);
    JobStatus status = job.getStatus();
    Optional<Instant> started =
        Optional.ofNullable(status).map(JobStatus::getStartTime).map(Instant::parse);
    Optional<Instant> finished =
        Optional.ofNullable(status).map(JobStatus::getCompletionTime).map(Instant::parse);
    if (status != null && status.getSucceeded() != null && status.getSucceeded() > 0) {
      return new RunStatus(runId, RunStatus.Phase.SUCCEEDED, started, finished, "completed");
    }
    Optional<JobCondition> failed =
        status == null || status.getConditions() == null
            ? Optional.empty()
            : status.getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    if (failed.isPresent()) {
      Optional<Instant> at =
          Optional.ofNullable(failed.get().getLastTransitionTime()).map(Instant::parse);
      return new RunStatus(
          runId,
          RunStatus.Phase.FAILED,
          started,
          at.or(() -> finished),
          Optional.ofNullable(failed.get().getMessage()).orElse("the Job failed"));
    }
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      return new RunStatus(
          runId, RunStatus.Phase.SUSPENDED, started, Optional.empty(), "suspended");
    }
    // Active pods, not a start time: a suspended Job keeps its old start time until it runs again.
    if (status != null && status.getActive() != null && status.getActive() > 0) {
      return new RunStatus(runId, RunStatus.Phase.RUNNING, started, Optional.empty(), "running");
    }
    return new RunStatus(
        runId, RunStatus.Phase.PENDING, Optional.empty(), Optional.empty(), "pending");
  }

  @FunctionalInterface
  interface Call<T> {
    T run();
  }

  /** Retries 409 on updates, 429, 5xx and I/O failures, backing off 0.5, 1, 2 s. */
  static <T> T retrying(String what, Call<T> call) {
    KubernetesClientException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return call.run();
      } catch (KubernetesClientException e) {
        int code = e.getCode();
        boolean worthRetrying = code == 409 || code == 429 || code >= 500 || code == 0;
        if (!worthRetrying || attempt == ATTEMPTS) {
          throw new ClusterException(
              "cluster refused to " + what + " (HTTP " + code + "): " + e.getMessage(), e);
        }
        last = e;
        try {
          Thread.sleep(500L << (attempt - 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ClusterException("interrupted while retrying to " + what, e);
        }
      }
    }
    throw new ClusterException("cluster did not " + what, last);
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
