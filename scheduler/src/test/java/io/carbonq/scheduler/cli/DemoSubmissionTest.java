package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.api.ApiServer;
import io.carbonq.scheduler.demo.Demo;
import io.carbonq.scheduler.demo.DemoWorkloads;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.testing.KeptService;
import io.carbonq.scheduler.testing.MovableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `carbonq demo --submit`: the demo's queue sent to a running service, once. */
class DemoSubmissionTest {
  static final Instant NOW = Instant.parse("2026-11-30T14:00:00Z");
  final MovableClock clock = new MovableClock(NOW);
  Database database;
  QueueService service;
  ApiServer api;
  Map<String, String> environment;

  @BeforeEach
  void start() {
    database = Database.inMemory("demo-submit-" + UUID.randomUUID());
    service = KeptService.of(database, new Fleet(ConfigLoader.bundledDefault()), clock);
    TokenStore tokens = new TokenStore(database.dataSource());
    String token =
        tokens.create("lab", EnumSet.of(TokenStore.Scope.READ, TokenStore.Scope.SUBMIT), NOW);
    api = new ApiServer(service, tokens, () -> {});
    environment =
        Map.of(
            "CARBONQ_SERVER",
            "http://127.0.0.1:" + api.start("127.0.0.1", 0),
            "CARBONQ_TOKEN",
            token,
            "HOME",
            "/nonexistent");
  }

  @AfterEach
  void stop() {
    api.close();
    database.close();
  }

  String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new Cli(
                new CliContext(
                    clock,
                    new PrintWriter(out),
                    new PrintWriter(err),
                    environment,
                    Path.of("unused"),
                    Terminal.PIPE))
            .run(args);
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void theDemosJobsAndSweepAreQueuedWithTheirDeadlinesAsLongAfterNowAsInTheDemo() {
    String printed = run("demo", "--submit");

    List<Workload> demo = DemoWorkloads.queue(Demo.DEFAULT_NOW);
    List<QueuedJob> queued = service.list(JobFilter.all());
    assertThat(queued).hasSize(demo.size());
    for (Workload asked : demo) {
      // The sweep goes as demo-lr-sweep, its trials named after it.
      String name = asked.sweep().isPresent() ? "demo-" + asked.id() : asked.id();
      QueuedJob job = service.get(JobKeys.key("lab", name)).orElseThrow();
      assertThat(job.workload().gpus()).as(name).isEqualTo(asked.gpus());
      assertThat(job.workload().gpuModels()).as(name).isEqualTo(asked.gpuModels());
      assertThat(job.workload().duration()).as(name).isEqualTo(asked.duration());
      assertThat(job.workload().regions()).as(name).isEqualTo(asked.regions());
      assertThat(job.workload().interruptible()).as(name).isEqualTo(asked.interruptible());
      assertThat(Duration.between(NOW, job.workload().deadline()))
          .as(name)
          .isEqualTo(Duration.between(asked.earliestStart(), asked.deadline()));
    }
    assertThat(printed)
        .contains("sent llama-7b-pretrain: queued", "sent sweep demo-lr-sweep: 16 trials");
  }

  @Test
  void sendingItAgainQueuesNothingTwice() {
    run("demo", "--submit");
    service.cancel(JobKeys.key("lab", "eval-hotfix"), "lab");

    String again = run("demo", "--submit");

    assertThat(service.list(JobFilter.all())).hasSize(DemoWorkloads.queue(Demo.DEFAULT_NOW).size());
    assertThat(again).contains("sent eval-hotfix: cancelled");
  }
}
