package io.carbonq.scheduler.store;

import static io.carbonq.scheduler.store.QueueStoreContract.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.scheduler.queue.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2RebuildTest {
  @TempDir Path directory;

  /**
   * {@code h2-after-sigkill/carbonq.mv.db} is the file a SIGKILL of {@code serve} left during a
   * burst of submissions (the rows of other jobs deleted afterwards, and the file compacted): job
   * {@code admin_job-2smv3gkm} is in the table, but its entries in the indexes on its id and on
   * (owner, request id) are still held by the transaction the kill cut off. A retry of its request
   * found no job by its key, and its insert waited for the dead transaction until the lock timeout,
   * every time.
   */
  @Test
  void aRetryFindsTheJobAKillLeftHiddenOnceTheDatabaseIsRebuilt() throws Exception {
    try (var fixture = getClass().getResourceAsStream("/h2-after-sigkill/carbonq.mv.db")) {
      Files.copy(fixture, directory.resolve("carbonq.mv.db"));
    }
    Map<String, byte[]> quartzJobs;
    try (Connection connection = open();
        Statement statement = connection.createStatement()) {
      assertThat(count(statement, "TRUE")).isOne();
      assertThat(count(statement, "id = 'admin_job-2smv3gkm'")).isZero();
      assertThat(count(statement, "owner = 'admin' AND request_id = 'crash-9-1-34'")).isZero();
      quartzJobs = quartzJobData(connection);
    }
    assertThat(quartzJobs).containsOnlyKeys("planning-cycle", "dispatch");
    assertThat(quartzJobs.values()).allSatisfy(data -> assertThat(data).isNotEmpty());
    Files.createFile(Database.openMarker(directory));

    try (Database database = Database.embedded(directory)) {
      assertThat(database.rebuiltAfterUncleanStop()).isTrue();
      JdbcQueueStore store = new JdbcQueueStore(database);
      assertThat(store.get("admin_job-2smv3gkm")).isPresent();
      QueueStore.Submission retry = store.submit(job("train-b", "admin", "crash-9-1-34"));
      assertThat(retry.created()).isFalse();
      assertThat(retry.job().id()).isEqualTo("admin_job-2smv3gkm");
      // Quartz's jobs, serialised in BLOB columns, come through the script byte for byte.
      try (Connection connection = database.dataSource().getConnection()) {
        assertThat(quartzJobData(connection))
            .hasSameSizeAs(quartzJobs)
            .allSatisfy((name, data) -> assertThat(data).isEqualTo(quartzJobs.get(name)));
      }
    }
  }

  private static Map<String, byte[]> quartzJobData(Connection connection) throws SQLException {
    Map<String, byte[]> data = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT JOB_NAME, JOB_DATA FROM QRTZ_JOB_DETAILS")) {
      while (rows.next()) {
        data.put(rows.getString(1), rows.getBytes(2));
      }
    }
    return data;
  }

  @Test
  void aRebuildKeepsEveryRowTheSchemaAndTheSequences() throws Exception {
    long lastDecision;
    try (Database database = Database.embedded(directory)) {
      JdbcQueueStore store = new JdbcQueueStore(database);
      store.submit(job("train-a", "ada", "req-1"));
      store.submit(job("train-b", "ada", "req-2"));
      store.transition(
          "train-b",
          Set.of(JobState.QUEUED),
          JobState.CANCELLED,
          "cancelled by ada",
          Instant.parse("2031-03-02T09:00:00Z"));
      lastDecision = lastDecision(database);
    }

    Map<String, Long> rows = H2Rebuild.rebuild(directory, "carbonq");

    assertThat(rows).containsEntry("\"PUBLIC\".\"WORKLOADS\"", 2L);
    assertThat(rows.get("\"PUBLIC\".\"flyway_schema_history\"")).isPositive();
    try (var files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .noneMatch(name -> name.contains("-rebuild"));
    }
    // Flyway finds its history as it left it, and the queue reads, refuses and numbers as before.
    try (Database again = Database.embedded(directory)) {
      JdbcQueueStore store = new JdbcQueueStore(again);
      assertThat(store.get("train-b").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
      assertThat(store.submit(job("train-x", "ada", "req-1")).job().id()).isEqualTo("train-a");
      store.submit(job("train-c", "ada", "req-3"));
      assertThat(lastDecision(again)).isGreaterThan(lastDecision);
    }
  }

  @Test
  void aRebuildCutShortLeavesTheOldDatabaseAndTheNextStartsAfresh() throws Exception {
    try (Database database = Database.embedded(directory)) {
      new JdbcQueueStore(database).submit(job("train-a", "ada", "req-1"));
    }
    // Killed while running the script into the new file: both are there, half written.
    Files.writeString(directory.resolve("carbonq-rebuild.sql"), "CREATE TABLE half(");
    Files.write(directory.resolve("carbonq-rebuild.mv.db"), new byte[] {1, 2, 3});

    assertThat(H2Rebuild.rebuild(directory, "carbonq"))
        .containsEntry("\"PUBLIC\".\"WORKLOADS\"", 1L);
    try (Database again = Database.embedded(directory)) {
      assertThat(new JdbcQueueStore(again).get("train-a")).isPresent();
    }
    try (var files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .noneMatch(name -> name.contains("-rebuild"));
    }
  }

  @Test
  void onlyAnOpeningAfterAStopThatDidNotCloseTheDatabaseRebuildsIt() throws Exception {
    Path marker = Database.openMarker(directory);
    try (Database database = Database.embedded(directory)) {
      assertThat(database.rebuiltAfterUncleanStop()).isFalse();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(marker)))
          .isEqualTo("rw-------");
      new JdbcQueueStore(database).submit(job("train-a", "ada", "req-1"));
    }
    assertThat(marker).doesNotExist();
    try (Database again = Database.embedded(directory)) {
      assertThat(again.rebuiltAfterUncleanStop()).isFalse();
    }
    // As after SIGKILL: the marker is still there when the database is opened.
    Files.createFile(marker);

    try (Database afterKill = Database.embedded(directory)) {
      assertThat(afterKill.rebuiltAfterUncleanStop()).isTrue();
      assertThat(new JdbcQueueStore(afterKill).get("train-a")).isPresent();
      assertThat(marker).exists();
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void aRebuildThatFailsLeavesTheDatabaseAsItWasAndSaysHowToStartOnIt() throws Exception {
    Path file = directory.resolve("carbonq.mv.db");
    Files.writeString(file, "not a database");
    Path marker = Database.openMarker(directory);
    Files.createFile(marker);

    assertThatThrownBy(() -> Database.embedded(directory))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("was not closed when carbonq last stopped")
        .hasMessageEndingWith("to start on it as it is, delete " + marker);
    assertThat(file).hasContent("not a database");
    assertThat(marker).exists();
    try (var files = Files.list(directory)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.contains("-rebuild"));
    }
    // The directory was let go: a second try fails the same way, not as "in use".
    assertThatThrownBy(() -> Database.embedded(directory))
        .hasMessageContaining("was not closed when carbonq last stopped");
  }

  @Test
  void aJournalLeftBehindAlsoMeansTheLastStopWasUnclean() throws Exception {
    try (Database database = Database.embedded(directory)) {
      new JdbcQueueStore(database).submit(job("train-a", "ada", "req-1"));
    }
    SubmissionJournal journal = new SubmissionJournal(directory.resolve("carbonq.journal"));
    journal.append(List.of(job("train-b", "ada", "req-2")), Optional.empty());
    journal.close();

    try (Database again = Database.embedded(directory)) {
      assertThat(again.rebuiltAfterUncleanStop()).isTrue();
      assertThat(again.restoredSubmissions()).isOne();
    }
  }

  @Test
  void aSecondOpeningOfTheDirectoryIsRefusedWhileTheFirstHoldsIt() {
    try (Database first = Database.embedded(directory)) {
      assertThatThrownBy(() -> Database.embedded(directory))
          .isInstanceOf(DirectoryInUseException.class)
          .hasMessageContaining(directory + " is in use by another carbonq serve");
      assertThat(Database.openMarker(directory)).exists();
    }
    try (Database after = Database.embedded(directory)) {
      assertThat(after.rebuiltAfterUncleanStop()).isFalse();
    }
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:" + directory.resolve("carbonq") + ";LOCK_TIMEOUT=200", "sa", "");
  }

  private static long count(Statement statement, String where) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM workloads WHERE " + where)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static long lastDecision(Database database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT MAX(id) FROM decisions")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
