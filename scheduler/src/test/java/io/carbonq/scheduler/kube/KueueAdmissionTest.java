package io.carbonq.scheduler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.ConfigLoader;
import io.carbonq.config.ExecutorConfig;
import io.carbonq.k8s.KueueWorkloads;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.SimulatedExecutor;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.testing.MovableClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * carbonq as the controller of a Kueue admission check, against Fabric8's mock API server in CRUD
 * mode holding Kueue's AdmissionCheck and Workloads; Kueue's own part (admitting, finishing) is
 * played by the test writing the Workload's status, as Kueue would.
 */
@EnableKubernetesMockClient(crud = true)
class KueueAdmissionTest {
  static final Instant MONDAY = Instant.parse("2023-03-13T08:00:00Z");
  static final ResourceDefinitionContext WORKLOADS = KueueWorkloads.WORKLOADS;
  static final ResourceDefinitionContext CHECKS = KueueWorkloads.ADMISSION_CHECKS;

  static KubernetesClient client;
  final MovableClock clock = new MovableClock(MONDAY);
  final Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
  final ExecutorConfig.KueueAdmission settings =
      new ExecutorConfig.KueueAdmission(
          List.of("frankfurt-a100"),
          Duration.ofHours(4),
          Duration.ofHours(12),
          java.util.Optional.empty());
  Database database;

  @BeforeEach
  void cluster() {
    database = Database.inMemory("kueue-" + UUID.randomUUID());
    client.genericKubernetesResources(WORKLOADS).inAnyNamespace().delete();
    client.batch().v1().jobs().inAnyNamespace().delete();
    client.genericKubernetesResources(CHECKS).delete();
    client
        .genericKubernetesResources(CHECKS)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("kueue.x-k8s.io/v1beta1")
                .withKind("AdmissionCheck")
                .withNewMetadata()
                .withName("carbon-window")
                .endMetadata()
                .withAdditionalProperties(
                    Map.of("spec", Map.of("controllerName", KueueWorkloads.CONTROLLER)))
                .build())
        .create();
  }

  @AfterEach
  void close() {
    database.close();
  }

  QueueService service() {
    return service(settings);
  }

  QueueService service(ExecutorConfig.KueueAdmission settings) {
    return new QueueService(
        new JdbcQueueStore(database.dataSource()),
        fleet,
        new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain(),
        new KueueAdmission(
            new SimulatedExecutor(1), new KueueWorkloads(client, clock), settings, fleet),
        clock);
  }

  /**
   * A Workload of one pod with {@code gpus} GPUs, its carbonq check Pending; returns when the API
   * server made it, which the test's clock then shows (the mock server stamps the real time).
   */
  Instant workload(String name, int gpus, Map<String, String> annotations) {
    return workload(name, gpus, annotations, null);
  }

  /** As above, made for the batch/v1 Job {@code ownerJob} where given, as Kueue makes them. */
  Instant workload(String name, int gpus, Map<String, String> annotations, Job ownerJob) {
    Map<String, Object> container =
        Map.of(
            "name", "train",
            "image", "train:1",
            "resources", Map.of("limits", Map.of("nvidia.com/gpu", String.valueOf(gpus))));
    Map<String, Object> spec =
        Map.of(
            "queueName",
            "gpu-queue",
            "podSets",
            List.of(
                Map.of(
                    "name",
                    "main",
                    "count",
                    1,
                    "template",
                    Map.of("spec", Map.of("containers", List.of(container))))));
    GenericKubernetesResource workload =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("kueue.x-k8s.io/v1beta1")
            .withKind("Workload")
            .withNewMetadata()
            .withName(name)
            .withNamespace("team-a")
            .withAnnotations(annotations)
            .withCreationTimestamp(MONDAY.toString())
            .withOwnerReferences(
                ownerJob == null
                    ? List.of()
                    : List.of(
                        new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                            .withApiVersion("batch/v1")
                            .withKind("Job")
                            .withName(ownerJob.getMetadata().getName())
                            .withUid("uid-" + ownerJob.getMetadata().getName())
                            .build()))
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", spec))
            .build();
    GenericKubernetesResource made =
        client
            .genericKubernetesResources(WORKLOADS)
            .inNamespace("team-a")
            .resource(workload)
            .create();
    made.setAdditionalProperty(
        "status",
        Map.of(
            "admissionChecks",
            List.of(
                new LinkedHashMap<>(
                    Map.of(
                        "name", "carbon-window",
                        "state", "Pending",
                        "message", "",
                        "lastTransitionTime", MONDAY.toString())))));
    client
        .genericKubernetesResources(WORKLOADS)
        .inNamespace("team-a")
        .resource(made)
        .updateStatus();
    Instant created = Instant.parse(made.getMetadata().getCreationTimestamp());
    clock.now = created;
    return created;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> check(String name) {
    GenericKubernetesResource workload =
        client.genericKubernetesResources(WORKLOADS).inNamespace("team-a").withName(name).get();
    var status = (Map<String, Object>) workload.getAdditionalProperties().get("status");
    return ((List<Map<String, Object>>) status.get("admissionChecks")).get(0);
  }

  /** Kueue's part: a condition on the Workload's status. */
  @SuppressWarnings("unchecked")
  void kueueSets(String name, String type, String reason) {
    GenericKubernetesResource workload =
        client.genericKubernetesResources(WORKLOADS).inNamespace("team-a").withName(name).get();
    var status = (Map<String, Object>) workload.getAdditionalProperties().get("status");
    List<Object> conditions =
        new ArrayList<>((List<Object>) status.getOrDefault("conditions", List.of()));
    conditions.add(Map.of("type", type, "status", "True", "reason", reason, "message", reason));
    status.put("conditions", conditions);
    client
        .genericKubernetesResources(WORKLOADS)
        .inNamespace("team-a")
        .resource(workload)
        .updateStatus();
  }

  QueuedJob onlyJob(QueueService service) {
    List<QueuedJob> jobs = service.list(JobFilter.all());
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  @Test
  void aWorkloadWaitsWithTheReasonUntilItsPlannedStartThenKueueAdmitsAndFinishesIt() {
    Instant created =
        workload("train-1", 8, Map.of("carbonq.io/duration", "4h", "carbonq.io/deadline", "36h"));
    QueueService service = service();

    service.planCycle();
    service.dispatchDue();

    QueuedJob job = onlyJob(service);
    PlannedRun plan = job.plan().orElseThrow();
    assertThat(job.id()).isEqualTo("team-a_team-a.train-1");
    assertThat(job.owner()).isEqualTo("team-a");
    assertThat(job.workload().image()).isEqualTo("kueue:team-a/train-1");
    assertThat(job.workload().gpus()).isEqualTo(8);
    assertThat(job.workload().deadline()).isEqualTo(created.plus(Duration.ofHours(36)));
    assertThat(job.state()).isEqualTo(JobState.PLANNED);
    assertThat(plan.start()).isAfter(created);
    assertThat(plan.region()).isEqualTo("gcp:europe-west3");
    assertThat(check("train-1"))
        .containsEntry("state", "Pending")
        .containsEntry("message", "carbonq: " + plan.why());
    assertThat(plan.why()).startsWith("deferred ");
    assertThat(
            client
                .genericKubernetesResources(CHECKS)
                .withName("carbon-window")
                .get()
                .getAdditionalProperties()
                .get("status")
                .toString())
        .contains("type=Active", "status=True");

    clock.now = plan.start();
    service.dispatchDue();
    assertThat(check("train-1"))
        .containsEntry("state", "Ready")
        .containsEntry("message", "released by carbonq: " + plan.why());

    kueueSets("train-1", "Admitted", "Admitted");
    service.syncExecutor();
    assertThat(onlyJob(service).state()).isEqualTo(JobState.RUNNING);
    kueueSets("train-1", "Finished", "Succeeded");
    service.syncExecutor();
    assertThat(onlyJob(service).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aWorkloadWhoseDeadlineLeavesNoChoiceIsReleasedAtOnce() {
    workload("urgent", 8, Map.of("carbonq.io/duration", "4h", "carbonq.io/deadline", "4h"));
    QueueService service = service();

    service.planCycle();
    service.dispatchDue();

    assertThat(check("urgent")).containsEntry("state", "Ready");
    assertThat(onlyJob(service).state()).isEqualTo(JobState.DISPATCHED);
  }

  @Test
  void aRestartAdoptsThePendingWorkloadAgainWithoutReleasingItEarly() {
    workload("train-1", 8, Map.of("carbonq.io/duration", "4h", "carbonq.io/deadline", "36h"));
    service().planCycle();
    Instant start = onlyJob(service()).plan().orElseThrow().start();

    QueueService restarted = service();
    restarted.recover();
    restarted.planCycle();
    restarted.dispatchDue();

    assertThat(onlyJob(restarted).plan().orElseThrow().start()).isEqualTo(start);
    assertThat(check("train-1")).containsEntry("state", "Pending");
  }

  @Test
  void aWorkloadCarbonqCannotReadIsReleasedAtOnceWithWhatToFix() {
    workload("odd", 8, Map.of("carbonq.io/duration", "four hours"));
    workload("cpu-only", 0, Map.of());
    QueueService service = service();

    service.planCycle();

    assertThat(service.list(JobFilter.all())).isEmpty();
    assertThat(check("odd"))
        .containsEntry("state", "Ready")
        .containsEntry(
            "message",
            "carbonq releases it at once: carbonq.io/duration 'four hours' must be a run time such"
                + " as 6h or 1h30m, at most 30d");
    assertThat(check("cpu-only"))
        .containsEntry("state", "Ready")
        .containsEntry("message", "carbonq releases it at once: it asks for no nvidia.com/gpu");
  }

  @Test
  @SuppressWarnings("unchecked")
  void withMultiKueueTheWorkerClusterOfTheGreenerPoolIsNominated() {
    // Frankfurt or Toronto: Ontario's grid is the cleaner one by far in the bundled traces.
    var multi =
        new ExecutorConfig.KueueAdmission(
            List.of("frankfurt-a100", "toronto-a100"),
            Duration.ofHours(4),
            Duration.ofHours(12),
            java.util.Optional.empty(),
            Map.of("frankfurt-a100", "worker-eu", "toronto-a100", "worker-ca"));
    workload("train-1", 8, Map.of("carbonq.io/duration", "4h", "carbonq.io/deadline", "4h"));
    QueueService service = service(multi);

    service.planCycle();
    service.dispatchDue();

    PlannedRun plan = onlyJob(service).plan().orElseThrow();
    assertThat(plan.region()).isEqualTo("gcp:northamerica-northeast2");
    assertThat(check("train-1")).containsEntry("state", "Ready");
    var status =
        (Map<String, Object>)
            client
                .genericKubernetesResources(WORKLOADS)
                .inNamespace("team-a")
                .withName("train-1")
                .get()
                .getAdditionalProperties()
                .get("status");
    assertThat(status.get("nominatedClusterNames")).isEqualTo(List.of("worker-ca"));
  }

  Job job(String name, Map<String, String> labels, Map<String, String> annotations) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace("team-a")
        .resource(
            new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withSuspend(true)
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("train")
                .withImage("train:1")
                .endContainer()
                .withRestartPolicy("Never")
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  @Test
  void theJobsAnnotationsCountAndCarbonqsOwnJobsAreLeftAlone() {
    Job annotated = job("train-2", Map.of(), Map.of("carbonq.io/duration", "2h"));
    Job ours = job("carbonq-x", Map.of("carbonq.dev/run-id", "team-a_x"), Map.of());
    workload("job-train-2-abcde", 8, Map.of(), annotated);
    workload("job-carbonq-x-fghij", 8, Map.of(), ours);
    QueueService service = service();

    service.planCycle();

    QueuedJob job = onlyJob(service);
    assertThat(job.workload().duration()).isEqualTo(Duration.ofHours(2));
    assertThat(job.owner()).isEqualTo("team-a");
    assertThat(check("job-carbonq-x-fghij")).containsEntry("state", "Pending");
  }

  @Test
  void aLongNameIsShortenedAndOneUnreadableWorkloadNeverStopsTheOthers() {
    String longName = "job-" + "a".repeat(60) + "-xyz12";
    workload(longName, 8, Map.of("carbonq.io/duration", "4h"));
    workload("huge", 8, Map.of("carbonq.io/duration", "1000000000000d"));
    QueueService service = service();

    service.planCycle();

    String id = onlyJob(service).id();
    assertThat(id).startsWith("team-a_team-a.job-aaaa");
    assertThat(id.substring("team-a_".length())).hasSizeLessThanOrEqualTo(63);
    assertThat(check("huge"))
        .containsEntry("state", "Ready")
        .containsEntry(
            "message",
            "carbonq releases it at once: carbonq.io/duration '1000000000000d' must be a run time"
                + " such as 6h or 1h30m, at most 30d");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anEvictedWorkloadIsReleasedAgainAndADeletedOneEndsTheJob() {
    workload("train-1", 8, Map.of("carbonq.io/duration", "4h", "carbonq.io/deadline", "4h"));
    QueueService service = service();
    service.planCycle();
    service.dispatchDue();
    assertThat(check("train-1")).containsEntry("state", "Ready");
    kueueSets("train-1", "Admitted", "Admitted");
    service.syncExecutor();

    // Kueue evicts it (preempted) and puts its checks back to Pending.
    GenericKubernetesResource workload =
        client
            .genericKubernetesResources(WORKLOADS)
            .inNamespace("team-a")
            .withName("train-1")
            .get();
    var status = (Map<String, Object>) workload.getAdditionalProperties().get("status");
    status.put("conditions", List.of());
    ((List<Map<String, Object>>) status.get("admissionChecks")).get(0).put("state", "Pending");
    client
        .genericKubernetesResources(WORKLOADS)
        .inNamespace("team-a")
        .resource(workload)
        .updateStatus();
    service.syncExecutor();
    assertThat(check("train-1"))
        .containsEntry("state", "Ready")
        .containsEntry("message", "released again by carbonq after Kueue evicted it");

    kueueSets("train-1", "Admitted", "Admitted");
    service.syncExecutor();
    client.genericKubernetesResources(WORKLOADS).inNamespace("team-a").withName("train-1").delete();
    service.syncExecutor();
    QueuedJob ended = onlyJob(service);
    assertThat(ended.state()).isEqualTo(JobState.CANCELLED);
    assertThat(ended.stateReason())
        .isEqualTo(
            "its Kueue Workload was deleted after Kueue admitted it; Kueue keeps no outcome");
  }

  @Test
  void aPauseEvictsThroughKueueAndACancellationRejects() {
    workload("train-1", 8, Map.of("carbonq.io/duration", "4h", "carbonq.io/interruptible", "true"));
    QueueService service = service();
    service.planCycle();
    QueuedJob job = onlyJob(service);
    assertThat(job.workload().interruptible()).isTrue();
    KueueAdmission admission =
        new KueueAdmission(
            new SimulatedExecutor(1), new KueueWorkloads(client, clock), settings, fleet);

    admission.start(job, job.plan().orElseThrow());
    admission.pause(job, job.plan().orElseThrow().end());
    assertThat(check("train-1")).containsEntry("state", "Retry");
    assertThat((String) check("train-1").get("message")).startsWith("paused by carbonq until ");
    // At its next piece Kueue readmits it.
    admission.resume(job, job.plan().orElseThrow(), job.plan().orElseThrow().end());
    assertThat(check("train-1"))
        .containsEntry("state", "Ready")
        .containsEntry("message", "resumed by carbonq: " + job.plan().orElseThrow().why());

    admission.cancel(job);
    assertThat(check("train-1"))
        .containsEntry("state", "Rejected")
        .containsEntry("message", "cancelled in carbonq");
  }
}
