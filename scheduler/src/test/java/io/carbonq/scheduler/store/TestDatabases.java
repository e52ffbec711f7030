package io.carbonq.scheduler.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh databases for tests: H2 in memory, or a new database on the PostgreSQL of CARBON_PG_URL.
 */
final class TestDatabases {
  private TestDatabases() {}

  static Database h2() {
    return Database.inMemory("test-" + UUID.randomUUID());
  }

  static Database postgres() {
    String url = System.getenv("CARBON_PG_URL");
    String user = System.getenv().getOrDefault("CARBON_PG_USER", "postgres");
    String password = System.getenv().getOrDefault("CARBON_PG_PASSWORD", "");
    String name = "carbonq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection admin = DriverManager.getConnection(url, user, password);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + url, e);
    }
    return Database.connect(url.substring(0, url.lastIndexOf('/') + 1) + name, user, password);
  }
}
