package io.carbonq.scheduler.demo;

import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queue the demo plans: a 16-trial hyperparameter sweep, long training runs with deadlines in
 * several regions, a few short jobs and one urgent evaluation, as a small lab would submit them on
 * a working morning. Every job is fixed relative to {@code now}, so the demo is repeatable, and has
 * its first region as home, as a job spec listing regions has.
 */
public final class DemoWorkloads {
  private DemoWorkloads() {}

  public static List<Workload> queue(Instant now) {
    List<Workload> queue = new ArrayList<>(sweep(now).trials());
    queue.add(
        job("llama-7b-pretrain", now)
            .owner("ml-platform")
            .image("ghcr.io/lab/llama-train:2.1")
            .command(List.of("torchrun", "--nproc-per-node=8", "pretrain.py"))
            .gpus(16)
            .gpuModels(Set.of("A100"))
            .duration(Duration.ofHours(30))
            .deadline(now.plus(Duration.ofHours(72)))
            .regions(List.of("aws:us-east-1", "gcp:us-west2", "gcp:northamerica-northeast2"))
            .home("aws:us-east-1")
            .build());
    queue.add(
        job("vit-finetune", now)
            .owner("ben")
            .gpus(8)
            .gpuModels(Set.of("H100"))
            .duration(Duration.ofHours(10))
            .deadline(now.plus(Duration.ofHours(48)))
            .regions(List.of("gcp:us-south1", "gcp:europe-west2"))
            .home("gcp:us-south1")
            .build());
    queue.add(
        job("asr-conformer", now)
            .owner("chen")
            .gpus(8)
            .gpuModels(Set.of("A100", "V100"))
            .duration(Duration.ofHours(20))
            .deadline(now.plus(Duration.ofHours(60)))
            .regions(List.of("gcp:europe-west3", "gcp:northamerica-northeast2"))
            .home("gcp:europe-west3")
            .build());
    queue.add(
        job("diffusion-ablation", now)
            .owner("dana")
            .gpus(4)
            .gpuModels(Set.of("A100"))
            .duration(Duration.ofHours(6))
            .deadline(now.plus(Duration.ofHours(24)))
            .regions(List.of("gcp:us-west2"))
            .home("gcp:us-west2")
            .build());
    queue.add(
        job("reward-model", now)
            .owner("ana")
            .gpus(8)
            .gpuModels(Set.of("A100"))
            .duration(Duration.ofHours(12))
            .deadline(now.plus(Duration.ofHours(30)))
            .regions(List.of("gcp:europe-west3"))
            .home("gcp:europe-west3")
            .build());
    queue.add(
        job("gnn-benchmark", now)
            .owner("chen")
            .gpus(2)
            .gpuModels(Set.of("V100"))
            .duration(Duration.ofHours(4))
            .deadline(now.plus(Duration.ofHours(12)))
            .regions(List.of("gcp:northamerica-northeast2"))
            .home("gcp:northamerica-northeast2")
            .build());
    queue.add(
        job("eval-hotfix", now)
            .owner("ben")
            .gpus(2)
            .gpuModels(Set.of("A100"))
            .duration(Duration.ofHours(1))
            .deadline(now.plus(Duration.ofMinutes(90)))
            .regions(List.of("gcp:europe-west3"))
            .home("gcp:europe-west3")
            .priority(10)
            .build());
    return queue;
  }

  /** Learning rate × batch size on one GPU each, at most six at once, due in a day and a half. */
  public static Sweep sweep(Instant now) {
    Map<String, List<String>> grid = new LinkedHashMap<>();
    grid.put("lr", List.of("1e-4", "3e-4", "1e-3", "3e-3"));
    grid.put("batch-size", List.of("32", "64", "128", "256"));
    Workload template =
        job("lr-sweep", now)
            .owner("ana")
            .image("ghcr.io/lab/resnet-sweep:1.4")
            .command(List.of("python", "train.py"))
            .gpus(1)
            .gpuModels(Set.of("A100", "H100"))
            .duration(Duration.ofHours(3))
            .deadline(now.plus(Duration.ofHours(36)))
            .regions(List.of("gcp:europe-west3", "gcp:europe-west2"))
            .home("gcp:europe-west3")
            .interruptible(true)
            .build();
    return new Sweep("lr-sweep", template, grid, 6);
  }

  private static Workload.Builder job(String id, Instant now) {
    return Workload.builder(id)
        .image("ghcr.io/lab/" + id + ":latest")
        .command(List.of("python", "train.py"))
        .earliestStart(now);
  }
}
