package io.carbonq.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.QueuedJob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jobs stored before names were per owner are found under their owner's key after the upgrade. */
class NamesPerOwnerMigrationTest {
  static final Instant NOW = Instant.parse("2023-03-13T08:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void jobsAndTheirDecisionLogsAreKeyedByOwnerAndName(String database) throws Exception {
    String url;
    String user;
    String password;
    if (database.equals("h2")) {
      url = "jdbc:h2:mem:names-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      user = "sa";
      password = "";
    } else {
      assumeTrue(System.getenv("CARBON_PG_URL") != null, "CARBON_PG_URL is not set");
      url = TestDatabases.freshPostgresUrl();
      user = TestDatabases.user();
      password = TestDatabases.password();
    }
    Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .javaMigrations(new QuartzTables())
        .target("7")
        .load()
        .migrate();
    Workload trial =
        Workload.builder("lr-003")
            .owner("ada")
            .image("t:1")
            .gpus(1)
            .regions(List.of("gcp:europe-west3"))
            .duration(Duration.ofHours(1))
            .earliestStart(NOW)
            .deadline(NOW.plus(Duration.ofDays(1)))
            .sweep(new SweepRef("lr", 4))
            .build();
    try (Connection connection = DriverManager.getConnection(url, user, password);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO workloads (id, owner, sweep_id, spec, priority, deadline_ms, state,"
                    + " state_reason, submitted_ms, version) VALUES (?,?,?,?,0,?,'QUEUED','',?,0)");
        PreparedStatement log =
            connection.prepareStatement(
                "INSERT INTO decisions (workload_id, at_ms, event, why) VALUES (?,?,?,?)")) {
      insert.setString(1, "lr-003");
      insert.setString(2, "ada");
      insert.setString(3, "lr");
      insert.setString(4, WorkloadJson.write(trial));
      insert.setLong(5, trial.deadline().toEpochMilli());
      insert.setLong(6, NOW.toEpochMilli());
      insert.executeUpdate();
      log.setString(1, "lr-003");
      log.setLong(2, NOW.toEpochMilli());
      log.setString(3, "submitted");
      log.setString(4, "waiting for the next planning cycle");
      log.executeUpdate();
    }

    try (Database upgraded = Database.connect(url, user, password)) {
      JdbcQueueStore store = new JdbcQueueStore(upgraded.dataSource());
      String key = JobKeys.key("ada", "lr-003");

      QueuedJob job = store.get(key).orElseThrow();
      assertThat(job.id()).isEqualTo(key);
      assertThat(job.workload().sweep()).contains(new SweepRef(JobKeys.key("ada", "lr"), 4));
      assertThat(store.get("lr-003")).isEmpty();
      assertThat(store.decisions(key, Optional.empty(), 10).rows())
          .extracting(DecisionRecord::event)
          .containsExactly("submitted");
      assertThat(
              store
                  .submitAll(
                      List.of(
                          QueuedJob.submitted(
                              Workload.builder(JobKeys.key("grace", "lr-003"))
                                  .like(trial)
                                  .owner("grace")
                                  .sweep(new SweepRef(JobKeys.key("grace", "lr"), 4))
                                  .build(),
                              Optional.empty(),
                              NOW)))
                  .get(0)
                  .created())
          .isTrue();
      assertThat(Set.copyOf(store.list(JobFilter.all()).stream().map(QueuedJob::id).toList()))
          .containsExactlyInAnyOrder(key, JobKeys.key("grace", "lr-003"));
    }
  }
}
