package io.carbonq.scheduler.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh databases for tests: H2 in memory, or a new database on the PostgreSQL of CARBON_PG_URL.
 */
public final class TestDatabases {
  private TestDatabases() {}

  static Database h2() {
    return Database.inMemory("test-" + UUID.randomUUID());
  }

  static Database postgres() {
    return Database.connect(freshPostgresUrl(), user(), password());
  }

  public static String user() {
    return System.getenv().getOrDefault("CARBON_PG_USER", "postgres");
  }

  public static String password() {
    return System.getenv().getOrDefault("CARBON_PG_PASSWORD", "");
  }

  /** The URL of a new, empty database on the server of CARBON_PG_URL. */
  public static String freshPostgresUrl() {
    String url = System.getenv("CARBON_PG_URL");
    String user = user();
    String password = password();
    String name = "carbonq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection admin = DriverManager.getConnection(url, user, password);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + url, e);
    }
    return url.substring(0, url.lastIndexOf('/') + 1) + name;
  }
}
