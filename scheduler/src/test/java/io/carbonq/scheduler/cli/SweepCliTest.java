package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.api.ApiServer;
import io.carbonq.scheduler.energy.EnergyMeter;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.SimulatedExecutor;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.testing.MovableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep as one thing from the command line: status, cancel and the spec each verb takes. */
class SweepCliTest {
  static final Instant MONDAY = Instant.parse("2023-03-13T08:00:00Z");
  static final String SWEEP =
      """
      name: lr
      template: {image: 't:1', gpus: 4, gpuModel: A100, regions: [gcp:europe-west3],
                 duration: 2h, deadline: 1d}
      parameters:
        lr: [0.001, 0.0003, 0.0001]
      maxParallel: 3
      """;

  final MovableClock clock = new MovableClock(MONDAY);
  final Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
  @TempDir Path files;
  Database database;
  QueueService service;
  ApiServer api;
  Map<String, String> environment;

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  @BeforeEach
  void start() {
    database = Database.inMemory("sweeps-" + UUID.randomUUID());
    service =
        new QueueService(
            new JdbcQueueStore(database.dataSource()),
            fleet,
            new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain(),
            new SimulatedExecutor(1),
            clock,
            Optional.of(
                new QueueService.Footprints(
                    new FootprintStore(database.dataSource()), EnergyMeter.NONE)));
    TokenStore tokens = new TokenStore(database.dataSource());
    String token =
        tokens.create("ada", EnumSet.of(TokenStore.Scope.READ, TokenStore.Scope.SUBMIT), MONDAY);
    api = new ApiServer(service, tokens, () -> {});
    environment =
        Map.of(
            "CARBONQ_SERVER",
            "http://127.0.0.1:" + api.start("127.0.0.1", 0),
            "CARBONQ_TOKEN",
            token,
            "HOME",
            files.toString());
  }

  @AfterEach
  void stop() {
    api.close();
    database.close();
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(clock, new PrintWriter(out), new PrintWriter(err), environment, files);
    return new Result(new Cli(context).run(args), out.toString(), err.toString());
  }

  Path file(String name, String text) throws Exception {
    return Files.writeString(files.resolve(name), text);
  }

  /** Plans, dispatches and runs the queue for {@code hours}, half an hour at a time. */
  void runFor(int hours) {
    service.planCycle();
    for (int step = 0; step < hours * 2; step++) {
      service.dispatchDue();
      service.syncExecutor();
      clock.now = clock.now.plus(Duration.ofMinutes(30));
    }
    service.syncExecutor();
  }

  @Test
  void statusOfASweepShowsItsTrialsByStateItsEmissionsAndItsLastEnd() throws Exception {
    run("sweep", file("sweep.yaml", SWEEP).toString());
    service.planCycle();

    Result planned = run("status", "lr");
    JsonNode json = run("status", "lr", "-o", "json").json();

    assertThat(planned.exit()).as(planned.err()).isZero();
    assertThat(planned.out())
        .isEqualTo(
            "lr  sweep of 3 trials by ada, at most 3 at once\n"
                + "  trials     3 planned\n"
                + "  deadline   2023-03-14T08:00:00Z\n"
                + "  kgCO2e     "
                + QueueCommands.kg(json.path("plannedKgCo2e"))
                + " planned for 3 trials, none realised yet\n"
                + "  run now    "
                + QueueCommands.kg(json.path("runNowKgCo2e"))
                + " kgCO2e if every trial started now,\n"
                + "             at its home, else on the first free pool\n"
                + "  last ends  "
                + json.path("expectedEnd").asText()
                + " as planned\n"
                + "each trial: carbonq list --sweep lr\n");
    assertThat(json.path("plannedKgCo2e").asDouble()).isPositive();
    assertThat(planned.out().lines())
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));

    runFor(24);
    Result finished = run("status", "lr");
    JsonNode done = run("status", "lr", "-o", "json").json();

    assertThat(finished.out())
        .contains("  trials     3 succeeded\n")
        .contains(" realised by 3 finished trials\n  run now    ") // each has its footprint
        .contains("  ended      " + done.path("finishedAt").asText() + ", every trial finished\n");
    assertThat(done.path("realisedKgCo2e").asDouble()).isPositive();
  }

  @Test
  void cancelWithASweepsNameCancelsItsOpenTrials() throws Exception {
    run("sweep", file("sweep.yaml", SWEEP).toString());
    run("cancel", "lr-001");

    Result cancelled = run("cancel", "lr");
    Result again = run("cancel", "lr");

    assertThat(cancelled.exit()).as(cancelled.err()).isZero();
    assertThat(cancelled.out()).isEqualTo("cancelled sweep lr: 2 trials, 1 finished already\n");
    assertThat(again.exit()).isEqualTo(Cli.FAILURE);
    assertThat(again.err())
        .isEqualTo(
            "error: lr: sweep 'lr' has no open trial to cancel: its 3 trials have finished\n");
    assertThat(run("status", "lr").out()).contains("  trials     3 cancelled\n");
  }

  @Test
  void aJobMayNotTakeASweepsNameAndANameOfNeitherSaysSo() throws Exception {
    run("sweep", file("sweep.yaml", SWEEP).toString());
    Result taken =
        run("submit", "--name", "lr", "--image", "t:1", "--duration", "1h", "--deadline", "2d");

    assertThat(taken.exit()).isEqualTo(Cli.FAILURE);
    assertThat(taken.err())
        .isEqualTo("error: a sweep named 'lr' exists already; choose another name\n");
    // So the name still means the sweep.
    assertThat(run("cancel", "lr").out()).startsWith("cancelled");
    assertThat(run("list", "--sweep", "lr", "--state", "queued", "-o", "json").json().path("jobs"))
        .isEmpty();
    Result neither = run("status", "nothing");
    assertThat(neither.exit()).isEqualTo(Cli.FAILURE);
    assertThat(neither.err())
        .isEqualTo("error: no job 'nothing' of ada, nor a sweep of that name\n");
    assertThat(run("cancel", "nothing").err())
        .isEqualTo("error: nothing: no job 'nothing' of ada, nor a sweep of that name\n");
  }

  @Test
  void submitWithAnArrayQueuesOneTrialPerIndexWithTheIndexInItsEnvironment() throws Exception {
    Result queued =
        run(
            "submit",
            "--array",
            "0-15:5%2",
            "--name",
            "arr",
            "--image",
            "t:1",
            "--duration",
            "1h",
            "--deadline",
            "2d",
            "--",
            "python",
            "train.py");
    Result tooMany =
        run(
            "submit",
            "--array",
            "0-10000",
            "--image",
            "t:1",
            "--duration",
            "1h",
            "--deadline",
            "2d");

    assertThat(queued.exit()).as(queued.err()).isZero();
    assertThat(queued.out()).isEqualTo("queued sweep arr: 4 trials\nsee `carbonq status arr`\n");
    JsonNode last = run("status", "arr-15", "-o", "json").json();
    assertThat(last.path("spec").path("env").path("CARBONQ_ARRAY_TASK_ID").asText())
        .isEqualTo("15");
    assertThat(last.path("spec").path("command").toString()).isEqualTo("[\"python\",\"train.py\"]");
    assertThat(run("status", "arr", "-o", "json").json().path("maxParallel").asInt()).isEqualTo(2);
    assertThat(tooMany.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(tooMany.err()).contains("array: '0-10000' makes more than 10000 trials, the limit");
  }

  @Test
  void eachVerbNamesTheOtherWhenGivenTheOthersSpec() throws Exception {
    Path job = file("job.yaml", "image: t:1\nduration: 1h\ndeadline: 2d\n");
    Path sweep = file("sweep.yaml", SWEEP);

    Result jobAsSweep = run("sweep", job.toString());
    Result sweepAsJob = run("submit", sweep.toString());

    assertThat(jobAsSweep.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(jobAsSweep.err())
        .isEqualTo(
            "error: "
                + job
                + " is a job spec (it has no template or parameters): queue it with `carbonq"
                + " submit "
                + job
                + "`\n");
    assertThat(sweepAsJob.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(sweepAsJob.err())
        .isEqualTo(
            "error: "
                + sweep
                + " is a sweep spec (it has a template and parameters): queue it with `carbonq"
                + " sweep "
                + sweep
                + "`\n");
  }
}
