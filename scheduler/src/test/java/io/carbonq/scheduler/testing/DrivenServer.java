package io.carbonq.scheduler.testing;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.api.ApiServer;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.SimulatedExecutor;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The real API server over the real store (in-memory H2) and the simulated cluster, without Quartz:
 * the test moves the clock and runs the cycle's steps itself, so what a client sees changes only
 * when the test says. One pool, {@code frankfurt-a100} (8 A100s), on {@link TwoValleys}' grid,
 * pausing interruptible work between its planned pieces with a 6-minute resume overhead.
 */
public final class DrivenServer implements AutoCloseable {
  public static final Instant MONDAY = TwoValleys.MONDAY;

  public final MovableClock clock = new MovableClock(MONDAY);
  public final QueueService service;
  public final String url;

  /** Tokens of ada and grace (read, submit) and of an admin. */
  public final String ada;

  public final String grace;
  public final String admin;

  private final Database database;
  private final ApiServer api;

  public DrivenServer() {
    database = Database.inMemory("driven-" + UUID.randomUUID());
    Fleet fleet =
        new Fleet(
            ConfigLoader.parse(
                """
                pools:
                  - {name: frankfurt-a100, region: gcp:europe-west3, gpuModel: A100, gpus: 8}
                policy: {step: 30m, horizon: 2d, pauseInterruptible: true, resumeOverhead: 6m}
                """,
                "test"));
    service =
        new QueueService(
            new JdbcQueueStore(database.dataSource()),
            fleet,
            new TwoValleys(),
            new SimulatedExecutor(1, Duration.ofMinutes(6)),
            clock);
    TokenStore tokens = new TokenStore(database.dataSource());
    ada = tokens.create("ada", EnumSet.of(Scope.READ, Scope.SUBMIT), MONDAY);
    grace = tokens.create("grace", EnumSet.of(Scope.READ, Scope.SUBMIT), MONDAY);
    admin = tokens.create("ops", EnumSet.of(Scope.ADMIN), MONDAY);
    api = new ApiServer(service, tokens, () -> {});
    url = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
  }

  /**
   * The environment that points the command line at this server as ada, with {@code home} as its
   * home; a new map each call, for the test to change.
   */
  public Map<String, String> cliEnvironment(Path home) {
    Map<String, String> environment = new HashMap<>();
    environment.put("HOME", home.toString());
    environment.put("CARBONQ_SERVER", url);
    environment.put("CARBONQ_TOKEN", ada);
    return environment;
  }

  /**
   * Queues ada's four-hour job {@code name} ({@link TwoValleys#fourHourJob}) and runs a cycle: an
   * interruptible one runs from 00:00 to 02:06 and from 06:00 to 08:00.
   */
  public void submit(String name, boolean interruptible) {
    submit(TwoValleys.fourHourJob(JobKeys.key("ada", name), interruptible));
  }

  /**
   * Queues ada's one-hour job {@code name} on 8 A100s that may not start before {@code notBefore},
   * and runs a cycle.
   */
  public void submitNotBefore(String name, Instant notBefore) {
    submit(
        Workload.builder(JobKeys.key("ada", name))
            .owner("ada")
            .image("ghcr.io/lab/train:1.4")
            .gpus(8)
            .gpuModels(java.util.Set.of("A100"))
            .duration(Duration.ofHours(1))
            .earliestStart(notBefore)
            .deadline(monday(10, 0))
            .regions(java.util.List.of("gcp:europe-west3"))
            .build());
  }

  /** Queues {@code job}, whose id is a key ({@link JobKeys#key}), and runs a cycle. */
  public void submit(Workload job) {
    service.submit(job, Optional.empty());
    cycle();
  }

  /** Moves the clock to {@code at}, then plans, dispatches and applies what the cluster did. */
  public void at(Instant at) {
    clock.now = at;
    cycle();
  }

  /**
   * Moves the clock to {@code at}, then pauses, dispatches and resumes what is due and applies what
   * the cluster did, without planning: no other job's plan is made again.
   */
  public void dispatchAt(Instant at) {
    clock.now = at;
    service.dispatchDue();
    service.syncExecutor();
  }

  /** Plans, pauses, dispatches and resumes what is due, and applies what the cluster did. */
  public void cycle() {
    service.planCycle();
    service.dispatchDue();
    service.syncExecutor();
  }

  public static Instant monday(int hours, int minutes) {
    return MONDAY.plus(Duration.ofHours(hours).plusMinutes(minutes));
  }

  @Override
  public void close() {
    api.close();
    database.close();
  }
}
