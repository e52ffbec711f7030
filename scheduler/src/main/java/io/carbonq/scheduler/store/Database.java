package io.carbonq.scheduler.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The queue's database: an embedded H2 file by default, PostgreSQL in production, behind a
 * connection pool, with the schema migrated by Flyway on open.
 */
public final class Database implements AutoCloseable {
  // Flyway reports every migration step at INFO; a CLI and a service log only what needs action.
  private static final java.util.logging.Logger FLYWAY_LOG =
      java.util.logging.Logger.getLogger("org.flywaydb");

  static {
    FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final HikariDataSource dataSource;
  private final boolean postgres;
  private final Optional<SubmissionJournal> journal;
  private int restored;
  private boolean rebuilt;
  private Optional<DirectoryClaim> claim = Optional.empty();

  private Database(String url, String user, String password, int poolSize) {
    this(url, user, password, poolSize, Optional.empty());
  }

  private Database(
      String url, String user, String password, int poolSize, Optional<SubmissionJournal> journal) {
    this.journal = journal;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("carbonq");
    this.dataSource = new HikariDataSource(config);
    this.postgres = url.startsWith("jdbc:postgresql:");
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .javaMigrations(new QuartzTables())
        .load()
        .migrate();
  }

  /**
   * How long a statement waits for a lock the planning cycle holds: H2's default second made a
   * submission on a busy machine fail with 503 where waiting a little longer lets it through.
   */
  static final int LOCK_TIMEOUT_MS = 10_000;

  /** The embedded database's name: H2 keeps it in {@code carbonq.mv.db}. */
  private static final String EMBEDDED_NAME = "carbonq";

  /**
   * The embedded database in {@code directory} (created when missing), with a {@link
   * SubmissionJournal} beside it. H2 writes each commit to its file as it returns ({@code
   * WRITE_DELAY=0}; its default batches a second of commits), yet SIGKILL rounds still lost about
   * one acknowledged job in a few thousand, so a new job is also forced to the journal before it is
   * acknowledged, and on opening the jobs the database lost are put back from there. Once they are,
   * the database is closed (which writes everything) and the journal emptied. Files are reached
   * through H2's {@code async:} file system: with commits written by the threads that make them, a
   * thread interrupted while writing (a request cut off, a scheduler shutting down) would otherwise
   * close the whole database.
   *
   * <p>A kill can also leave an index entry held by the transaction it cut off, which hides the row
   * from lookups by its key and blocks every later insert of the key (see {@link H2Rebuild}). So
   * when the last process did not close the database (its {@link DirectoryClaim} marker is still
   * there, or its journal holds jobs), the database is written again from its rows before anything
   * else opens it. Should that fail, the database is left as it was and the error says how to start
   * on it as it is.
   */
  public static Database embedded(Path directory) {
    String url =
        "jdbc:h2:async:"
            + directory.toAbsolutePath().resolve(EMBEDDED_NAME)
            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT="
            + LOCK_TIMEOUT_MS;
    DirectoryClaim claim = DirectoryClaim.take(directory);
    try {
      SubmissionJournal journal = new SubmissionJournal(directory.resolve("carbonq.journal"));
      List<SubmissionJournal.Entry> journalled = journal.entries();
      boolean stoppedUnclean = claim.markerFound() || !journalled.isEmpty();
      boolean rebuilt = stoppedUnclean && Files.exists(directory.resolve(EMBEDDED_NAME + ".mv.db"));
      if (rebuilt) {
        rebuild(directory, claim);
      }
      claim.markOpen();
      int restored = 0;
      if (!journalled.isEmpty()) {
        try (Database recovering = new Database(url, "sa", "", 2)) {
          restored = new JdbcQueueStore(recovering).restore(journalled);
        }
        journal.clear();
      }
      Database database = new Database(url, "sa", "", 8, Optional.of(journal));
      database.restored = restored;
      database.rebuilt = rebuilt;
      database.claim = Optional.of(claim);
      return database;
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
  }

  /**
   * The marker an embedded database in {@code directory} keeps while it is open: found on opening,
   * it says the last process did not close the database, which is then rebuilt from its rows.
   */
  public static Path openMarker(Path directory) {
    return DirectoryClaim.markerIn(directory);
  }

  private static void rebuild(Path directory, DirectoryClaim claim) {
    try {
      H2Rebuild.rebuild(directory, EMBEDDED_NAME);
    } catch (SQLException | IOException e) {
      throw new StoreException(
          "queue database: it was not closed when carbonq last stopped, and writing it again from"
              + " its rows failed ("
              + e.getMessage()
              + "). It is as it was; to start on it as it is, delete "
              + claim.marker(),
          e);
    }
  }

  /** An embedded database that lives as long as the process, for tests and what-ifs. */
  public static Database inMemory(String name) {
    return new Database("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", 8);
  }

  /** A server database, e.g. {@code jdbc:postgresql://db:5432/carbonq}. */
  public static Database connect(String url, String user, String password) {
    if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException(
          "database URL must start with jdbc:postgresql: or jdbc:h2:, got '" + url + "'");
    }
    return new Database(url, user, password, 16);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** The JDBC URL, for logs: without user or password. */
  public String url() {
    return dataSource.getJdbcUrl();
  }

  public boolean isPostgres() {
    return postgres;
  }

  /** The journal new jobs are forced to before they are acknowledged, on the embedded database. */
  public Optional<SubmissionJournal> journal() {
    return journal;
  }

  /** Acknowledged jobs the embedded database had lost and got back from its journal on opening. */
  public int restoredSubmissions() {
    return restored;
  }

  /**
   * Whether opening the embedded database found it not closed, and wrote it again from its rows.
   */
  public boolean rebuiltAfterUncleanStop() {
    return rebuilt;
  }

  /**
   * Closes the pool; on the embedded database that closes H2, which writes every commit to its
   * file, after which the journal is no longer needed.
   */
  @Override
  public void close() {
    dataSource.close();
    journal.ifPresent(SubmissionJournal::clear);
    claim.ifPresent(DirectoryClaim::close);
  }
}
