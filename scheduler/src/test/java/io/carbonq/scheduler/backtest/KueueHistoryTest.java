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
import java.util.Map;
import org.junit.jupiter.api.Test;

class KueueHistoryTest {
  static final Path SAMPLE = Path.of("..", "examples", "history", "kueue-workloads.json");

  static History readSample() throws IOException {
    return KueueHistory.read("kueue-workloads.json", JSON.readTree(SAMPLE.toFile()));
  }

  /**
   * A Workload of a Job in namespace ns, queue q: one pod on one GPU, admitted a minute after it
   * was created, finished two hours later.
   */
  static ObjectNode aWorkload(String name) {
    return (ObjectNode)
        parse(
            """
            {"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "Workload",
             "metadata": {"name": "%s", "namespace": "ns",
               "creationTimestamp": "2023-05-08T08:00:00Z",
               "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "train"}]},
             "spec": {"queueName": "q", "podSets": [
               {"name": "main", "count": 1, "template": {"spec": {"containers": [
                 {"name": "main", "resources": {"requests": {"nvidia.com/gpu": "1"}}}]}}}]},
             "status": {"conditions": [
               {"type": "QuotaReserved", "status": "True",
                "lastTransitionTime": "2023-05-08T08:01:00Z"},
               {"type": "Admitted", "status": "True", "lastTransitionTime": "2023-05-08T08:01:00Z"},
               {"type": "Finished", "status": "True", "reason": "Succeeded",
                "lastTransitionTime": "2023-05-08T10:01:00Z"}]}}
            """
                .formatted(name));
  }

  static History read(JsonNode... items) {
    return KueueHistory.read("w.json", list(items));
  }

  static History.Skipped skippedOf(JsonNode workload) {
    History history = read(aWorkload("fine"), workload);
    assertThat(history.skipped()).hasSize(1);
    return history.skipped().get(0);
  }

  @Test
  void readsEveryWorkloadOfTheSampleThatRanOnGpusToItsEnd() throws IOException {
    History history = readSample();

    assertThat(history.format()).isEqualTo("kueue workloads");
    assertThat(history.jobs())
        .extracting(HistoryFixtures::summary)
        .containsExactly(
            "team-nlp/job-llm-eval-5c2d1 alice nlp-queue 2023-05-08T13:00:00Z"
                + " 2023-05-08T13:00:01Z 2023-05-08T17:22:45Z 2xNVIDIA-A100-SXM4-80GB - Succeeded",
            "team-nlp/mpijob-pretrain-shard-8e1f0 chen nlp-queue 2023-05-08T22:00:00Z"
                + " 2023-05-09T02:10:00Z 2023-05-10T01:35:12Z 8xNVIDIA-A100-SXM4-80GB - Succeeded",
            "team-research/rl-finetune-2023-05-11 dana research-queue 2023-05-11T05:45:00Z"
                + " 2023-05-11T06:00:07Z 2023-05-12T04:41:50Z 2xnvidia-h100-80gb PT36H Succeeded",
            "team-vision/job-detector-train-a41b9 bob vision-queue 2023-05-10T08:00:00Z"
                + " 2023-05-10T11:30:05Z 2023-05-10T19:02:33Z 4xNVIDIA-A100-SXM4-80GB - Failed");
  }

  @Test
  void saysWhyEveryOtherWorkloadOfTheSampleIsLeftOut() throws IOException {
    assertThat(readSample().skipped())
        .containsExactly(
            new History.Skipped(
                "kueue-workloads.json item 0",
                "no GPU",
                "workload team-data/job-tokenize-corpus-0b9e4: no pod set asks for nvidia.com/gpu"),
            new History.Skipped(
                "kueue-workloads.json item 3",
                "never started",
                "workload team-research/job-big-sweep-d00a2: condition Admitted is not True"),
            new History.Skipped(
                "kueue-workloads.json item 6",
                "still running",
                "workload team-vision/job-segment-infer-77c3e: condition Finished is not True"));
  }

  @Test
  void labelsAJobWithItsWorkloadsLabelsAndAnnotations() throws IOException {
    Map<String, String> labels = readSample().jobs().get(2).labels();

    assertThat(labels)
        .isEqualTo(
            Map.of(
                "carbonq.io/owner", "dana",
                "carbonq.io/deadline", "36h",
                "carbonq.io/interruptible", "true"));
  }

  @Test
  void takesTheOwnerLabelOverTheOwnersName() {
    ObjectNode labelled = aWorkload("labelled");
    object(labelled, "/metadata").putObject("labels").put("carbonq.io/owner", "ada");
    ObjectNode ownerless = aWorkload("ownerless");
    object(ownerless, "/metadata").remove("ownerReferences");

    assertThat(read(aWorkload("owned"), labelled, ownerless).jobs())
        .extracting(HistoryJob::user)
        .containsExactly("train", "ada", "");
  }

  @Test
  void multipliesEachPodSetsGpusByItsCount() {
    ObjectNode workload = aWorkload("w");
    ArrayNode podSets = (ArrayNode) workload.at("/spec/podSets");
    ((ObjectNode) podSets.get(0)).put("count", 4);
    podSets.add(
        parse(
            """
            {"name": "driver", "template": {"spec": {"containers": [
              {"name": "d", "resources": {"limits": {"nvidia.com/gpu": 2}}}]}}}
            """));
    podSets.add(
        parse(
            """
            {"name": "launcher", "count": 1, "template": {"spec": {"containers": [
              {"name": "l", "resources": {"limits": {"cpu": "1"}}}]}}}
            """));

    assertThat(read(workload).jobs().get(0).gpus()).isEqualTo(6);
  }

  @Test
  void countsThePodsKueueAdmittedWhereItAdmittedFewerThanAsked() {
    ObjectNode workload = aWorkload("w");
    ((ObjectNode) workload.at("/spec/podSets").get(0)).put("count", 4);
    ((ObjectNode) workload.at("/status"))
        .set(
            "admission",
            parse(
                """
                {"clusterQueue": "cq", "podSetAssignments": [{"name": "main", "count": 2}]}
                """));

    assertThat(read(workload).jobs().get(0).gpus()).isEqualTo(2);
  }

  @Test
  void namesAModelOnlyWhenEveryPodSetWithGpusHasIt() {
    ObjectNode pinned = aWorkload("pinned");
    object(pinned, "/spec/podSets/0/template/spec")
        .putObject("nodeSelector")
        .put("nvidia.com/gpu.product", "NVIDIA-L4");
    ObjectNode mixed = pinned.deepCopy();
    object(mixed, "/metadata").put("name", "mixed");
    ((ArrayNode) mixed.at("/spec/podSets"))
        .add(aWorkload("other").at("/spec/podSets/0").deepCopy());

    assertThat(read(pinned, mixed).jobs())
        .extracting(job -> job.gpuModel().orElse("?"))
        .containsExactly("NVIDIA-L4", "?");
  }

  @Test
  void runsFromTheLastAdmissionToTheFinish() {
    ObjectNode workload = aWorkload("w");
    object(workload, "/status/conditions/1").put("lastTransitionTime", "2023-05-08T09:00:00Z");
    object(workload, "/status/conditions/2").put("reason", "Failed");
    object(workload, "/spec").put("maximumExecutionTimeSeconds", 14400);

    assertThat(summary(read(workload).jobs().get(0)))
        .isEqualTo(
            "ns/w train q 2023-05-08T08:00:00Z 2023-05-08T09:00:00Z 2023-05-08T10:01:00Z 1x?"
                + " PT4H Failed");
  }

  @Test
  void leavesOutWorkloadsNotAdmittedOrNotFinished() {
    ObjectNode evicted = aWorkload("evicted");
    object(evicted, "/status/conditions/1").put("status", "False");
    ObjectNode running = aWorkload("running");
    ((ArrayNode) running.at("/status/conditions")).remove(2);

    assertThat(skippedOf(evicted))
        .isEqualTo(
            new History.Skipped(
                "w.json item 1",
                "never started",
                "workload ns/evicted: condition Admitted is not True"));
    assertThat(skippedOf(running))
        .isEqualTo(
            new History.Skipped(
                "w.json item 1",
                "still running",
                "workload ns/running: condition Finished is not True"));
  }

  @Test
  void saysWhatIsWrongWithAnUnreadableWorkload() {
    ObjectNode badTime = aWorkload("w");
    object(badTime, "/status/conditions/2").put("lastTransitionTime", "soon");
    ObjectNode badCount = aWorkload("w");
    object(badCount, "/spec/podSets/0").put("count", "four");
    ObjectNode finishedFirst = aWorkload("w");
    object(finishedFirst, "/status/conditions/2").put("lastTransitionTime", "2023-05-08T08:01:00Z");
    JsonNode pod = parse("{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}");

    assertThat(skippedOf(badTime))
        .isEqualTo(
            new History.Skipped(
                "w.json item 1",
                "unreadable",
                "workload ns/w: condition Finished lastTransitionTime 'soon' is not a time like"
                    + " 2023-05-08T10:00:00Z"));
    assertThat(skippedOf(badCount).detail())
        .isEqualTo("workload ns/w: pod set 'main' count 'four' is not a whole number");
    assertThat(skippedOf(finishedFirst).detail())
        .isEqualTo(
            "workload ns/w: job ns/w: ended 2023-05-08T08:01:00Z, not after it started"
                + " 2023-05-08T08:01:00Z");
    assertThat(skippedOf(pod).detail()).isEqualTo("a Pod, where a Workload was expected");
  }

  @Test
  void readsASingleWorkload() {
    assertThat(KueueHistory.read("one.json", aWorkload("w")).jobs())
        .extracting(HistoryJob::id)
        .containsExactly("ns/w");
  }

  @Test
  void refusesJsonThatIsNotAnExportOfWorkloads() {
    assertThatThrownBy(() -> KueueHistory.read("j.json", parse("{\"kind\": \"Job\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "j.json: not the output of kubectl get workloads.kueue.x-k8s.io --all-namespaces -o"
                + " json: expected a List of items or a single Workload, found kind 'Job'");
  }

  @Test
  void refusesAnExportWithoutAUsableGpuJobAndCountsWhatItLeftOut() {
    ObjectNode pending = aWorkload("w");
    object(pending, "/status").putArray("conditions");

    assertThatThrownBy(() -> read(pending))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "w.json: no GPU job that ran to its end in this kueue workloads file; skipped 1 never"
                + " started");
  }
}
