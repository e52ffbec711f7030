package io.carbonq.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2QueueStoreTest extends QueueStoreContract {
  @TempDir Path directory;

  @Override
  Database open() {
    return TestDatabases.h2();
  }

  @Test
  void anEmbeddedQueueSurvivesARestart() {
    try (Database first = Database.embedded(directory)) {
      new JdbcQueueStore(first.dataSource()).submit(job("train-a", "ada", "req-1"));
    }

    try (Database again = Database.embedded(directory)) {
      JdbcQueueStore reopened = new JdbcQueueStore(again.dataSource());
      assertThat(reopened.get("train-a")).isPresent();
      assertThat(reopened.submit(job("train-x", "ada", "req-1")).created()).isFalse();
    }
  }
}
