package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.demo.Demo;
import io.carbonq.scheduler.demo.DemoWorkloads;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.JobFilter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `carbonq demo --submit`: the demo's queue sent to a running service, once. */
class DemoSubmissionTest extends ServedCliTest {

  String submitted() {
    Result result = run("demo", "--submit");
    assertThat(result.exit()).as(result.err()).isZero();
    return result.out();
  }

  @Test
  void theDemosJobsAndSweepAreQueuedWithTheirDeadlinesAsLongAfterNowAsInTheDemo() {
    String printed = submitted();

    QueueService service = server.service();
    List<Workload> demo = DemoWorkloads.queue(Demo.DEFAULT_NOW);
    List<QueuedJob> queued = service.list(JobFilter.all());
    assertThat(queued).hasSize(demo.size());
    for (Workload asked : demo) {
      // The sweep goes as demo-lr-sweep, its trials named after it.
      String name = asked.sweep().isPresent() ? "demo-" + asked.id() : asked.id();
      QueuedJob job = service.get(JobKeys.key("admin", name)).orElseThrow();
      assertThat(job.workload().gpus()).as(name).isEqualTo(asked.gpus());
      assertThat(job.workload().gpuModels()).as(name).isEqualTo(asked.gpuModels());
      assertThat(job.workload().duration()).as(name).isEqualTo(asked.duration());
      assertThat(job.workload().regions()).as(name).isEqualTo(asked.regions());
      assertThat(job.workload().interruptible()).as(name).isEqualTo(asked.interruptible());
      assertThat(Duration.between(MONDAY, job.workload().deadline()))
          .as(name)
          .isEqualTo(Duration.between(asked.earliestStart(), asked.deadline()));
    }
    assertThat(printed)
        .contains("sent llama-7b-pretrain: queued", "sent sweep demo-lr-sweep: 16 trials");
  }

  @Test
  void sendingItAgainQueuesNothingTwice() {
    submitted();
    server.service().cancel(JobKeys.key("admin", "eval-hotfix"), "admin");

    String again = submitted();

    assertThat(server.service().list(JobFilter.all()))
        .hasSize(DemoWorkloads.queue(Demo.DEFAULT_NOW).size());
    assertThat(again).contains("sent eval-hotfix: cancelled");
  }
}
