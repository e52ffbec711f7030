package io.carbonq.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kueue's Workloads as carbonq's admission check sees them: carbonq is the controller of every
 * AdmissionCheck whose {@code spec.controllerName} is {@link #CONTROLLER}; a Workload whose
 * ClusterQueue lists such a check waits, its check {@code Pending}, until carbonq sets it {@code
 * Ready} (Kueue then admits it), {@code Retry} (Kueue evicts and requeues it: a pause) or {@code
 * Rejected}. Read and written as generic resources of {@code kueue.x-k8s.io/v1beta1}.
 */
public final class KueueWorkloads {
  /** The controller name carbonq answers for. */
  public static final String CONTROLLER = "carbonq.io/carbon-window";

  /** Kueue's Workloads, for clients that read them as carbonq does. */
  public static final ResourceDefinitionContext WORKLOADS =
      new ResourceDefinitionContext.Builder()
          .withGroup("kueue.x-k8s.io")
          .withVersion("v1beta1")
          .withKind("Workload")
          .withPlural("workloads")
          .withNamespaced(true)
          .build();

  public static final ResourceDefinitionContext ADMISSION_CHECKS =
      new ResourceDefinitionContext.Builder()
          .withGroup("kueue.x-k8s.io")
          .withVersion("v1beta1")
          .withKind("AdmissionCheck")
          .withPlural("admissionchecks")
          .withNamespaced(false)
          .build();

  private static final String GPU = "nvidia.com/gpu";

  /** The most GPUs one Workload is taken to ask for: more is a mistake, not a request. */
  static final int MAX_GPUS = 1_000_000;

  /** The states of an admission check carbonq sets. */
  public enum CheckState {
    PENDING("Pending"),
    READY("Ready"),
    RETRY("Retry"),
    REJECTED("Rejected");

    private final String value;

    CheckState(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  /**
   * A Workload whose carbonq check is {@code Pending}: where it is, its uid (a new Workload of the
   * same name gets a new one), when it was made, the GPUs its pod sets ask for, and the labels and
   * annotations of the Job it stands for under its own (Kueue copies few of them to the Workload).
   */
  public record Waiting(
      String namespace,
      String name,
      String uid,
      Instant created,
      int gpus,
      Map<String, String> labels,
      Map<String, String> annotations) {}

  /** Where a Workload stands: admitted by Kueue, finished (and whether it succeeded). */
  public record WorkloadState(
      boolean admitted, boolean finished, boolean succeeded, String reason, String checkState) {}

  private final KubernetesClient client;
  private final Clock clock;

  /**
   * @param clock stamps the checks' lastTransitionTime
   */
  public KueueWorkloads(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The names of the AdmissionChecks carbonq answers for. */
  public Set<String> checks() {
    Set<String> names = new TreeSet<>();
    List<GenericKubernetesResource> all =
        KubernetesJobs.retrying(
            "list AdmissionChecks",
            () -> client.genericKubernetesResources(ADMISSION_CHECKS).list().getItems());
    for (GenericKubernetesResource check : all) {
      if (CONTROLLER.equals(text(check.getAdditionalProperties(), "spec", "controllerName"))) {
        names.add(check.getMetadata().getName());
      }
    }
    return names;
  }

  /** Every Workload, in any namespace, whose check of {@code checks} is {@code Pending}. */
  public List<Waiting> waiting(Set<String> checks) {
    List<Waiting> waiting = new ArrayList<>();
    if (checks.isEmpty()) {
      return waiting;
    }
    for (GenericKubernetesResource workload : allWorkloads()) {
      Optional<Map<String, Object>> check = ourCheck(workload, checks);
      if (check.isEmpty() || !CheckState.PENDING.value().equals(check.get().get("state"))) {
        continue;
      }
      var meta = workload.getMetadata();
      Map<String, String> labels = new LinkedHashMap<>();
      Map<String, String> annotations = new LinkedHashMap<>();
      Optional<Job> job = ownerJob(meta);
      if (job.filter(KueueWorkloads::carbonqs).isPresent()) {
        continue; // carbonq's own Job, planned and dispatched by carbonq already
      }
      job.ifPresent(
          owner -> {
            putAll(labels, owner.getMetadata().getLabels());
            putAll(annotations, owner.getMetadata().getAnnotations());
          });
      putAll(labels, meta.getLabels());
      putAll(annotations, meta.getAnnotations());
      waiting.add(
          new Waiting(
              meta.getNamespace(),
              meta.getName(),
              Objects.requireNonNullElse(meta.getUid(), meta.getNamespace() + "/" + meta.getName()),
              created(meta.getCreationTimestamp()),
              gpus(workload),
              labels,
              annotations));
    }
    return waiting;
  }

  /** The Workload's state; empty when it no longer exists. */
  public Optional<WorkloadState> state(String namespace, String name, Set<String> checks) {
    GenericKubernetesResource workload =
        KubernetesJobs.retrying(
            "read Workload " + namespace + "/" + name,
            () ->
                client
                    .genericKubernetesResources(WORKLOADS)
                    .inNamespace(namespace)
                    .withName(name)
                    .get());
    if (workload == null) {
      return Optional.empty();
    }
    Map<String, Object> finished = condition(workload, "Finished");
    boolean done = "True".equals(finished.get("status"));
    String reason =
        String.valueOf(finished.getOrDefault("message", finished.getOrDefault("reason", "")));
    boolean succeeded =
        done && !"Failed".equals(finished.get("reason")) && !reason.toLowerCase().contains("fail");
    return Optional.of(
        new WorkloadState(
            "True".equals(condition(workload, "Admitted").get("status")),
            done,
            succeeded,
            reason,
            ourCheck(workload, checks).map(c -> String.valueOf(c.get("state"))).orElse("")));
  }

  /**
   * Sets carbonq's check on the Workload to {@code state} with {@code message}; nothing when it is
   * so already or the Workload is gone. A conflict (Kueue wrote the status meanwhile) is retried on
   * a fresh read.
   */
  public void setCheck(
      String namespace, String name, Set<String> checks, CheckState state, String message) {
    setCheck(namespace, name, checks, state, message, Optional.empty());
  }

  /**
   * As {@link #setCheck(String, String, Set, CheckState, String)}, nominating {@code workerCluster}
   * too where given: with MultiKueue's external dispatcher, the one worker cluster it sends the
   * Workload to ({@code status.nominatedClusterNames}).
   */
  public void setCheck(
      String namespace,
      String name,
      Set<String> checks,
      CheckState state,
      String message,
      Optional<String> workerCluster) {
    String cut = message.length() > 1000 ? message.substring(0, 999) + "…" : message;
    KubernetesJobs.retrying(
        "set the admission check of Workload " + namespace + "/" + name,
        () -> {
          var resource =
              client.genericKubernetesResources(WORKLOADS).inNamespace(namespace).withName(name);
          GenericKubernetesResource workload = resource.get();
          if (workload == null) {
            return false;
          }
          boolean changed = false;
          for (Map<String, Object> check : admissionChecks(workload)) {
            if (checks.contains(String.valueOf(check.get("name")))
                && (!state.value().equals(check.get("state"))
                    || !cut.equals(check.get("message")))) {
              if (!state.value().equals(check.get("state"))) {
                check.put("lastTransitionTime", clock.instant().toString());
              }
              check.put("state", state.value());
              check.put("message", cut);
              changed = true;
            }
          }
          if (workerCluster.isPresent()) {
            Map<String, Object> status = map(workload.getAdditionalProperties(), "status");
            List<String> nominated = List.of(workerCluster.get());
            if (!nominated.equals(status.get("nominatedClusterNames"))) {
              status.put("nominatedClusterNames", nominated);
              changed = true;
            }
          }
          if (changed) {
            client
                .genericKubernetesResources(WORKLOADS)
                .inNamespace(namespace)
                .resource(workload)
                .updateStatus();
          }
          return changed;
        });
  }

  /** Marks carbonq's AdmissionChecks active, as Kueue expects of a check's controller. */
  public void markActive(Set<String> checks) {
    for (String name : checks) {
      try {
        var resource = client.genericKubernetesResources(ADMISSION_CHECKS).withName(name);
        GenericKubernetesResource check = resource.get();
        if (check == null || "True".equals(condition(check, "Active").get("status"))) {
          continue;
        }
        Map<String, Object> status = map(check.getAdditionalProperties(), "status");
        List<Object> conditions = new ArrayList<>();
        if (status.get("conditions") instanceof List<?> kept) {
          // Every other condition stays; only Active is carbonq's to set.
          kept.stream()
              .filter(c -> !(c instanceof Map<?, ?> one && "Active".equals(one.get("type"))))
              .forEach(conditions::add);
        }
        conditions.add(
            new LinkedHashMap<>(
                Map.of(
                    "type", "Active",
                    "status", "True",
                    "reason", "Active",
                    "message", "carbonq releases workloads at their cleanest window",
                    "lastTransitionTime", clock.instant().toString())));
        status.put("conditions", conditions);
        check.setAdditionalProperty("status", status);
        client.genericKubernetesResources(ADMISSION_CHECKS).resource(check).updateStatus();
      } catch (KubernetesClientException e) {
        // Kueue treats the check as inactive until it can be marked; the next cycle tries again.
      }
    }
  }

  /** The batch/v1 Job a Workload stands for, where its owner is one and still exists. */
  private Optional<Job> ownerJob(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    if (meta.getOwnerReferences() == null) {
      return Optional.empty();
    }
    for (OwnerReference owner : meta.getOwnerReferences()) {
      if ("Job".equals(owner.getKind()) && "batch/v1".equals(owner.getApiVersion())) {
        try {
          return Optional.ofNullable(
              client
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(meta.getNamespace())
                  .withName(owner.getName())
                  .get());
        } catch (KubernetesClientException e) {
          return Optional.empty(); // its own metadata, then; the defaults fill the rest
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a Job is one carbonq made for a job of its own queue. */
  private static boolean carbonqs(Job job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    return labels != null && labels.containsKey(KubernetesJobs.RUN_ID);
  }

  private static void putAll(Map<String, String> into, Map<String, String> from) {
    if (from != null) {
      into.putAll(from);
    }
  }

  private List<GenericKubernetesResource> allWorkloads() {
    return KubernetesJobs.retrying(
        "list Workloads",
        () -> client.genericKubernetesResources(WORKLOADS).inAnyNamespace().list().getItems());
  }

  private static Optional<Map<String, Object>> ourCheck(
      GenericKubernetesResource workload, Set<String> checks) {
    return admissionChecks(workload).stream()
        .filter(check -> checks.contains(String.valueOf(check.get("name"))))
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> admissionChecks(GenericKubernetesResource workload) {
    Object checks = map(workload.getAdditionalProperties(), "status").get("admissionChecks");
    return checks instanceof List<?> list
        ? (List<Map<String, Object>>) (List<?>) list.stream().filter(Map.class::isInstance).toList()
        : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(GenericKubernetesResource resource, String type) {
    Object conditions = map(resource.getAdditionalProperties(), "status").get("conditions");
    if (conditions instanceof List<?> list) {
      for (Object condition : list) {
        if (condition instanceof Map<?, ?> one && type.equals(one.get("type"))) {
          return (Map<String, Object>) one;
        }
      }
    }
    return Map.of();
  }

  /** The GPUs the pod sets ask for: each set's count times its pods' {@code nvidia.com/gpu}. */
  static int gpus(GenericKubernetesResource workload) {
    long total = 0;
    Object podSets = map(workload.getAdditionalProperties(), "spec").get("podSets");
    if (!(podSets instanceof List<?> sets)) {
      return 0;
    }
    for (Object set : sets) {
      if (!(set instanceof Map<?, ?> podSet)) {
        continue;
      }
      int count = podSet.get("count") instanceof Number n ? n.intValue() : 1;
      int perPod = 0;
      Object containers = path(podSet, "template", "spec").get("containers");
      if (containers instanceof List<?> list) {
        for (Object container : list) {
          if (container instanceof Map<?, ?> one) {
            Map<?, ?> resources = path(one, "resources");
            Object limit = path(resources, "limits").get(GPU);
            Object request = path(resources, "requests").get(GPU);
            perPod += quantity(limit != null ? limit : request);
          }
        }
      }
      total += (long) Math.max(0, count) * perPod;
      if (total > MAX_GPUS) {
        return MAX_GPUS;
      }
    }
    return (int) total;
  }

  private static int quantity(Object value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Math.min(MAX_GPUS, Integer.parseInt(String.valueOf(value).trim())));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<?, ?> path(Map<?, ?> node, String... keys) {
    Map<?, ?> at = node;
    for (String key : keys) {
      Object next = at.get(key);
      if (!(next instanceof Map<?, ?> map)) {
        return Map.of();
      }
      at = map;
    }
    return at;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> node, String key) {
    Object value = node.get(key);
    if (value instanceof Map<?, ?>) {
      return (Map<String, Object>) value;
    }
    Map<String, Object> made = new LinkedHashMap<>();
    node.put(key, made);
    return made;
  }

  private static String text(Map<String, Object> node, String... keys) {
    Object at = node;
    for (String key : keys) {
      if (!(at instanceof Map<?, ?> map)) {
        return "";
      }
      at = map.get(key);
    }
    return at == null ? "" : String.valueOf(at);
  }

  private static Instant created(String timestamp) {
    try {
      return timestamp == null ? Instant.EPOCH : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
