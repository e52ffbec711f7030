package io.carbonq.scheduler.backtest;

import static io.carbonq.scheduler.backtest.HistoryFixtures.JSON;
import static io.carbonq.scheduler.backtest.HistoryFixtures.list;
import static io.carbonq.scheduler.backtest.HistoryFixtures.object;
import static io.carbonq.scheduler.backtest.HistoryFixtures.parse;
import static io.carbonq.scheduler.backtest.HistoryFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesHistoryTest {
  static final Path SAMPLE = Path.of("..", "examples", "history", "kubectl-jobs-pods.json");

  static History readSample() throws IOException {
    return KubernetesHistory.read("kubectl-jobs-pods.json", JSON.readTree(SAMPLE.toFile()));
  }

  /** A pod in namespace ns that ran an hour on one GPU, created five seconds before it started. */
  static ObjectNode aPod(String name) {
    return (ObjectNode)
        parse(
            """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "%s", "namespace": "ns",
                          "creationTimestamp": "2023-05-08T08:00:00Z"},
             "spec": {"containers": [
               {"name": "main", "resources": {"limits": {"nvidia.com/gpu": "1"}}}]},
             "status": {"phase": "Succeeded", "startTime": "2023-05-08T08:00:05Z",
               "containerStatuses": [
                 {"name": "main",
                  "state": {"terminated": {"finishedAt": "2023-05-08T09:00:05Z"}}}]}}
            """
                .formatted(name));
  }

  static ObjectNode aJob(String name) {
    return (ObjectNode)
        parse(
            """
            {"apiVersion": "batch/v1", "kind": "Job",
             "metadata": {"name": "%s", "namespace": "ns",
                          "creationTimestamp": "2023-05-08T07:00:00Z"},
             "spec": {"activeDeadlineSeconds": 7200}}
            """
                .formatted(name));
  }

  static ObjectNode ownedBy(ObjectNode pod, String job) {
    ((ObjectNode) pod.get("metadata"))
        .putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "batch/v1")
        .put("kind", "Job")
        .put("name", job);
    return pod;
  }

  static History read(JsonNode... items) {
    return KubernetesHistory.read("t.json", list(items));
  }

  /** The one skipped row when {@code pod} is read beside a pod that ran. */
  static History.Skipped skippedOf(JsonNode pod) {
    History history = read(aPod("fine"), pod);
    assertThat(history.skipped()).hasSize(1);
    return history.skipped().get(0);
  }

  @Test
  void readsEveryPodOfTheSampleThatRanOnGpusToItsEnd() throws IOException {
    History history = readSample();

    assertThat(history.source()).isEqualTo("kubectl-jobs-pods.json");
    assertThat(history.format()).isEqualTo("kubectl jobs,pods");
    assertThat(history.jobs())
        .extracting(HistoryFixtures::summary)
        .containsExactly(
            "ml-team/finetune-llama-2bq7d chen ml-team 2023-05-09T20:00:00Z 2023-05-09T20:00:03Z"
                + " 2023-05-09T21:14:09Z 8xNVIDIA-H100-80GB-HBM3 PT48H Failed",
            "ml-team/finetune-llama-x8m4c chen ml-team 2023-05-09T20:00:00Z 2023-05-09T21:14:13Z"
                + " 2023-05-10T15:47:36Z 8xNVIDIA-H100-80GB-HBM3 PT48H Succeeded",
            "ml-team/train-bert-7xk2p alice ml-team 2023-05-08T10:00:00Z 2023-05-08T10:00:04Z"
                + " 2023-05-08T16:31:27Z 4xNVIDIA-A100-SXM4-80GB PT24H Succeeded",
            "research/notebook-dana dana research 2023-05-12T09:30:00Z 2023-05-12T09:30:02Z"
                + " 2023-05-12T12:58:40Z 1xnvidia-l4 - Succeeded",
            "vision/distill-resnet-q9wzt distill-resnet vision 2023-05-09T07:30:00Z"
                + " 2023-05-09T07:42:18Z 2023-05-09T13:06:02Z 3xnvidia-tesla-v100 - Succeeded");
  }

  @Test
  void saysWhyEveryOtherPodOfTheSampleIsLeftOut() throws IOException {
    History history = readSample();

    assertThat(history.skipped())
        .containsExactly(
            new History.Skipped(
                "kubectl-jobs-pods.json item 6",
                "no GPU",
                "pod data/preprocess-shards-d2lgw: no container asks for nvidia.com/gpu"),
            new History.Skipped(
                "kubectl-jobs-pods.json item 10",
                "never started",
                "pod research/big-pretrain-h5rtl: phase Pending, no status.startTime"),
            new History.Skipped(
                "kubectl-jobs-pods.json item 11",
                "still running",
                "pod research/embed-refresh-28066800-vz6kc: phase Running, container 'embed' not"
                    + " terminated"));
    assertThat(history.skippedByReason())
        .containsExactly(
            Map.entry("never started", 1), Map.entry("no GPU", 1), Map.entry("still running", 1));
  }

  @Test
  void labelsAJobWithItsJobsLabelsAndAnnotationsOverriddenByThePods() throws IOException {
    History history = readSample();

    assertThat(history.jobs().get(2).labels())
        .containsEntry("carbonq.io/deadline", "24h")
        .containsEntry("carbonq.io/interruptible", "true")
        .containsEntry("carbonq.io/owner", "alice")
        .containsEntry("app", "bert")
        .containsEntry("job-name", "train-bert");
    // The Job labels team vision-research and interruptible false, annotates interruptible true;
    // its Pod labels team vision.
    assertThat(history.jobs().get(4).labels())
        .containsEntry("team", "vision")
        .containsEntry("carbonq.io/interruptible", "true")
        .doesNotContainKey("carbonq.io/deadline");
    assertThat(history.jobs().get(3).labels())
        .isEqualTo(
            Map.of("app", "notebook", "carbonq.io/owner", "dana", "carbonq.io/deadline", "8h"));
  }

  @Test
  void letsAPodsAnnotationWinOverItsJobs() {
    ObjectNode job = aJob("train");
    object(job, "/metadata").putObject("annotations").put("carbonq.io/deadline", "24h");
    ObjectNode pod = ownedBy(aPod("train-x1"), "train");
    object(pod, "/metadata").putObject("labels").put("carbonq.io/deadline", "12h");
    object(pod, "/metadata").putObject("annotations").put("carbonq.io/deadline", "6h");

    assertThat(read(job, pod).jobs().get(0).labels()).containsEntry("carbonq.io/deadline", "6h");
  }

  @Test
  void leavesOutTheCopyKubectlApplyKeepsOfAnObject() {
    ObjectNode pod = aPod("p");
    object(pod, "/metadata")
        .putObject("annotations")
        .put("kubectl.kubernetes.io/last-applied-configuration", "{\"kind\":\"Pod\"}")
        .put("carbonq.io/interruptible", "true");

    assertThat(read(pod).jobs().get(0).labels())
        .isEqualTo(Map.of("carbonq.io/interruptible", "true"));
  }

  @Test
  void takesSubmitUserAndTimeLimitFromTheOwningJob() {
    HistoryJob job = read(aJob("train"), ownedBy(aPod("train-x1"), "train")).jobs().get(0);

    assertThat(summary(job))
        .isEqualTo(
            "ns/train-x1 train ns 2023-05-08T07:00:00Z 2023-05-08T08:00:05Z 2023-05-08T09:00:05Z"
                + " 1x? PT2H Succeeded");
  }

  @Test
  void takesTheOwnerLabelOverTheJobsName() {
    ObjectNode pod = ownedBy(aPod("train-x1"), "train");
    object(pod, "/metadata").putObject("labels").put("carbonq.io/owner", "ada");

    assertThat(read(aJob("train"), pod).jobs().get(0).user()).isEqualTo("ada");
  }

  @Test
  void takesThePodsOwnTimesWhenTheExportLacksItsJob() {
    ObjectNode pod = ownedBy(aPod("train-x1"), "train");
    object(pod, "/spec").put("activeDeadlineSeconds", 5400);

    assertThat(summary(read(pod).jobs().get(0)))
        .isEqualTo(
            "ns/train-x1 train ns 2023-05-08T08:00:00Z 2023-05-08T08:00:05Z 2023-05-08T09:00:05Z"
                + " 1x? PT1H30M Succeeded");
  }

  @Test
  void readsASinglePodOrAPodList() {
    assertThat(KubernetesHistory.read("p.json", aPod("p")).jobs())
        .extracting(HistoryJob::id)
        .containsExactly("ns/p");
    ObjectNode podList = (ObjectNode) list(aPod("a"), aPod("b"));
    podList.put("kind", "PodList");
    assertThat(KubernetesHistory.read("p.json", podList).jobs())
        .extracting(HistoryJob::id)
        .containsExactly("ns/a", "ns/b");
  }

  @Test
  void addsUpTheGpusOfAllContainersTakingRequestsWhereNoLimitIsSet() {
    ObjectNode pod = aPod("p");
    ((ArrayNode) pod.at("/spec/containers"))
        .addObject()
        .put("name", "side")
        .putObject("resources")
        .putObject("requests")
        .put("nvidia.com/gpu", 2);

    assertThat(read(pod).jobs().get(0).gpus()).isEqualTo(3);
  }

  @Test
  void countsAnInitContainerAskingForMoreThanTheOthersTogether() {
    ObjectNode pod = aPod("p");
    object(pod, "/spec")
        .putArray("initContainers")
        .addObject()
        .put("name", "warmup")
        .putObject("resources")
        .putObject("limits")
        .put("nvidia.com/gpu", "4");

    assertThat(read(pod).jobs().get(0).gpus()).isEqualTo(4);
  }

  @Test
  void takesTheModelFromTheNodeSelectorOrASingleValuedAffinity() {
    ObjectNode selected = aPod("selected");
    object(selected, "/spec").putObject("nodeSelector").put("nvidia.com/gpu.product", "H100");
    ObjectNode oneModel = aPod("one");
    affinity(oneModel, "nvidia-tesla-a100");
    ObjectNode twoModels = aPod("two");
    affinity(twoModels, "nvidia-tesla-a100", "nvidia-l4");

    assertThat(read(selected, oneModel, twoModels).jobs())
        .extracting(job -> job.gpuModel().orElse("?"))
        .containsExactly("H100", "nvidia-tesla-a100", "?");
  }

  static void affinity(ObjectNode pod, String... models) {
    ArrayNode values =
        object(pod, "/spec")
            .putObject("affinity")
            .putObject("nodeAffinity")
            .putObject("requiredDuringSchedulingIgnoredDuringExecution")
            .putArray("nodeSelectorTerms")
            .addObject()
            .putArray("matchExpressions")
            .addObject()
            .put("key", "cloud.google.com/gke-accelerator")
            .put("operator", "In")
            .putArray("values");
    for (String model : models) {
      values.add(model);
    }
  }

  @Test
  void leavesOutAPodWithoutGpus() {
    ObjectNode pod = aPod("cpu");
    object(pod, "/spec/containers/0/resources/limits").remove("nvidia.com/gpu");
    object(pod, "/spec/containers/0/resources/limits").put("cpu", "4");

    assertThat(skippedOf(pod))
        .isEqualTo(
            new History.Skipped(
                "t.json item 1", "no GPU", "pod ns/cpu: no container asks for nvidia.com/gpu"));
  }

  @Test
  void leavesOutPodsThatNeverStarted() {
    ObjectNode unscheduled = aPod("p");
    object(unscheduled, "/status").put("phase", "Pending").remove("startTime");
    ObjectNode pulling = aPod("p");
    object(pulling, "/status").put("phase", "Pending");

    assertThat(skippedOf(unscheduled).detail())
        .isEqualTo("pod ns/p: phase Pending, no status.startTime");
    assertThat(skippedOf(pulling).detail())
        .isEqualTo("pod ns/p: phase Pending, its containers not yet running");
    assertThat(skippedOf(pulling).reason()).isEqualTo("never started");
  }

  @Test
  void leavesOutPodsStillRunning() {
    ObjectNode running = aPod("p");
    object(running, "/status").put("phase", "Running");
    object(running, "/status/containerStatuses/0/state").remove("terminated");
    object(running, "/status/containerStatuses/0/state")
        .putObject("running")
        .put("startedAt", "2023-05-08T08:00:09Z");
    ObjectNode noStatuses = aPod("q");
    object(noStatuses, "/status").put("phase", "Running").remove("containerStatuses");

    assertThat(skippedOf(running))
        .isEqualTo(
            new History.Skipped(
                "t.json item 1",
                "still running",
                "pod ns/p: phase Running, container 'main' not terminated"));
    assertThat(skippedOf(noStatuses).detail())
        .isEqualTo("pod ns/q: phase Running, no container terminated");
  }

  @Test
  void endsAPodWithItsLastContainer() {
    ObjectNode pod = aPod("p");
    ((ArrayNode) pod.at("/status/containerStatuses"))
        .insertObject(0)
        .put("name", "late")
        .putObject("state")
        .putObject("terminated")
        .put("finishedAt", "2023-05-08T10:30:00Z");

    assertThat(read(pod).jobs().get(0).end()).isEqualTo(Instant.parse("2023-05-08T10:30:00Z"));
  }

  @Test
  void saysWhatIsWrongWithAnUnreadablePod() {
    ObjectNode badTime = aPod("p");
    object(badTime, "/status").put("startTime", "yesterday");
    ObjectNode badGpus = aPod("p");
    object(badGpus, "/spec/containers/0/resources/limits").put("nvidia.com/gpu", "1.5");
    ObjectNode noContainers = aPod("p");
    object(noContainers, "/status").put("phase", "Failed").remove("containerStatuses");
    ObjectNode noFinish = aPod("p");
    object(noFinish, "/status/containerStatuses/0/state/terminated").remove("finishedAt");
    ObjectNode endedFirst = aPod("p");
    object(endedFirst, "/status/containerStatuses/0/state/terminated")
        .put("finishedAt", "2023-05-08T08:00:00Z");
    ObjectNode badDeadline = aPod("p");
    object(badDeadline, "/spec").put("activeDeadlineSeconds", "a day");
    ObjectNode nameless = aPod("p");
    object(nameless, "/metadata").remove("name");

    assertThat(skippedOf(badTime))
        .isEqualTo(
            new History.Skipped(
                "t.json item 1",
                "unreadable",
                "pod ns/p: status.startTime 'yesterday' is not a time like 2023-05-08T10:00:00Z"));
    assertThat(skippedOf(badGpus).detail())
        .isEqualTo("pod ns/p: container 'main' asks for nvidia.com/gpu '1.5', not a whole number");
    assertThat(skippedOf(noContainers).detail())
        .isEqualTo("pod ns/p: phase Failed but no status.containerStatuses");
    assertThat(skippedOf(noFinish).detail())
        .isEqualTo("pod ns/p: container 'main' terminated without finishedAt");
    assertThat(skippedOf(endedFirst).detail())
        .isEqualTo(
            "pod ns/p: job ns/p: ended 2023-05-08T08:00:00Z, not after it started"
                + " 2023-05-08T08:00:05Z");
    assertThat(skippedOf(badDeadline).detail())
        .isEqualTo("pod ns/p: activeDeadlineSeconds 'a day' is not a whole number of seconds");
    assertThat(skippedOf(nameless))
        .isEqualTo(
            new History.Skipped("t.json item 1", "unreadable", "a Pod without metadata.name"));
  }

  @Test
  void leavesOutItemsThatAreNeitherJobsNorPods() {
    JsonNode service = parse("{\"apiVersion\": \"v1\", \"kind\": \"Service\"}");

    assertThat(skippedOf(service))
        .isEqualTo(
            new History.Skipped(
                "t.json item 1", "unreadable", "a Service, where a Job or a Pod was expected"));
  }

  @Test
  void refusesJsonThatIsNotAnExportOfJobsAndPods() {
    assertThatThrownBy(() -> KubernetesHistory.read("n.json", parse("{\"kind\": \"Node\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "n.json: not the output of kubectl get jobs,pods --all-namespaces -o json: expected a"
                + " List of items or a single Job or Pod, found kind 'Node'");
  }

  @Test
  void refusesAnExportWithoutAUsableGpuJobAndCountsWhatItLeftOut() {
    ObjectNode running = aPod("p");
    object(running, "/status").put("phase", "Running").remove("containerStatuses");
    ObjectNode cpu = aPod("q");
    object(cpu, "/spec/containers/0").remove("resources");

    assertThatThrownBy(() -> read(aJob("j"), running, cpu))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "t.json: no GPU job that ran to its end in this kubectl jobs,pods file; skipped 1 no"
                + " GPU, 1 still running");
    assertThatThrownBy(() -> read(aJob("j")))
        .hasMessage(
            "t.json: no GPU job that ran to its end in this kubectl jobs,pods file, which has no"
                + " rows");
  }
}
