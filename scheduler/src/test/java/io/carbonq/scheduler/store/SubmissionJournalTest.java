package io.carbonq.scheduler.store;

import static io.carbonq.scheduler.store.QueueStoreContract.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.queue.QueuedJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionJournalTest {
  @TempDir Path directory;

  Path journalFile() {
    return directory.resolve("carbonq.journal");
  }

  @Test
  void aJournalledJobReadsBackWithItsRequestAndDigest() throws Exception {
    SubmissionJournal journal = new SubmissionJournal(journalFile());
    QueuedJob job = job("train-a", "ada", "req-1");
    journal.append(List.of(job), Optional.of("abc123"));

    assertThat(journal.entries())
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.job()).isEqualTo(job);
              assertThat(entry.requestDigest()).contains("abc123");
            });
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journalFile())))
        .isEqualTo("rw-------");
    journal.close();
  }

  @Test
  void appendsFromManyRequestsAtOnceAreEachWholeAndAllThere() throws Exception {
    SubmissionJournal journal = new SubmissionJournal(journalFile());
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> appends = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      appends.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  String id = "train-" + thread + "-" + i;
                  journal.append(List.of(job(id, "ada", "req-" + id)), Optional.empty());
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> append : appends) {
      append.get();
    }
    pool.shutdown();
    journal.close();

    List<String> ids =
        new SubmissionJournal(journalFile())
            .entries().stream().map(entry -> entry.job().id()).toList();
    assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(Files.readAllLines(journalFile())).hasSize(threads * perThread);
  }

  @Test
  void aLineCutShortByACrashIsSkipped() throws Exception {
    SubmissionJournal journal = new SubmissionJournal(journalFile());
    journal.append(List.of(job("train-a", "ada", "req-1")), Optional.empty());
    journal.close();
    Files.writeString(
        journalFile(),
        "{\"spec\": \"{\\\"id\\\":",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    assertThat(journal.entries()).extracting(entry -> entry.job().id()).containsExactly("train-a");
  }

  @Test
  void openingTheEmbeddedDatabasePutsBackAJobItLostAndEmptiesTheJournal() throws Exception {
    try (Database database = Database.embedded(directory)) {
      new JdbcQueueStore(database).submit(job("train-a", "ada", "req-1"));
    }
    // As after a crash: the journal holds a job the database file does not, and one it does.
    SubmissionJournal journal = new SubmissionJournal(journalFile());
    journal.append(List.of(job("train-a", "ada", "req-1")), Optional.empty());
    journal.append(List.of(job("train-b", "ada", "req-2")), Optional.of("digest-2"));
    journal.close();

    try (Database database = Database.embedded(directory)) {
      assertThat(database.restoredSubmissions()).isEqualTo(1);
      assertThat(journalFile()).doesNotExist();
      JdbcQueueStore store = new JdbcQueueStore(database);
      assertThat(store.get("train-b")).isPresent();
      assertThat(store.decisions("train-b"))
          .extracting(DecisionRecord::event)
          .contains("submitted");
      // The Idempotency-Key came back with it: a retry finds the job instead of queuing another.
      QueueStore.Submission retry = store.submit(job("train-c", "ada", "req-2"));
      assertThat(retry.created()).isFalse();
      assertThat(retry.job().id()).isEqualTo("train-b");
    }
  }

  @Test
  void aNewJobIsJournalledUntilTheDatabaseClosesCleanly() throws Exception {
    try (Database database = Database.embedded(directory)) {
      new JdbcQueueStore(database).submit(job("train-a", "ada", "req-1"));

      assertThat(new SubmissionJournal(journalFile()).entries())
          .extracting(entry -> entry.job().id())
          .containsExactly("train-a");
    }
    assertThat(journalFile()).doesNotExist();
    try (Database again = Database.embedded(directory)) {
      assertThat(again.restoredSubmissions()).isZero();
      assertThat(new JdbcQueueStore(again).get("train-a")).isPresent();
    }
  }

  @Test
  void aRetryThatFindsItsJobWritesNothingToTheJournal() throws Exception {
    try (Database database = Database.embedded(directory)) {
      JdbcQueueStore store = new JdbcQueueStore(database);
      store.submit(job("train-a", "ada", "req-1"));
      store.submit(job("train-x", "ada", "req-1"));

      assertThat(new SubmissionJournal(journalFile()).entries()).hasSize(1);
    }
  }
}
