package io.carbonq.scheduler.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
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

  private Database(String url, String user, String password, int poolSize) {
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
   * The embedded database in {@code directory} (created when missing). Each commit is written to
   * the file before it returns ({@code WRITE_DELAY=0}; H2's default batches a second of commits),
   * so a job acknowledged to a client nearly always survives the process being killed (about one in
   * a few thousand made just before a kill is still lost, cause unknown). H2 does not fsync each
   * commit: after a power loss the last moments of commits may be gone, which PostgreSQL with fsync
   * on does not allow. Files are reached through H2's {@code async:} file system: with commits
   * written by the threads that make them, a thread interrupted while writing (a request cut off, a
   * scheduler shutting down) would otherwise close the whole database.
   */
  public static Database embedded(Path directory) {
    String url =
        "jdbc:h2:async:"
            + directory.toAbsolutePath().resolve("carbonq")
            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    return new Database(url, "sa", "", 8);
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

  @Override
  public void close() {
    dataSource.close();
  }
}
