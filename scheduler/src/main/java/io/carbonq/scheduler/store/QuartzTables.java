package io.carbonq.scheduler.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 3: Quartz's own tables, from the DDL script Quartz ships for the database at hand (H2
 * or PostgreSQL), so its job store lives in the queue's database under Flyway's control.
 */
final class QuartzTables implements JavaMigration {

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("3");
  }

  @Override
  public String getDescription() {
    return "quartz tables";
  }

  @Override
  public Integer getChecksum() {
    return 3;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    String product = connection.getMetaData().getDatabaseProductName();
    String script =
        product.equalsIgnoreCase("PostgreSQL") ? "tables_postgres.sql" : "tables_h2.sql";
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements(read("/org/quartz/impl/jdbcjobstore/" + script))) {
        statement.execute(sql);
      }
    }
  }

  private static String read(String resource) {
    try (InputStream in = QuartzTables.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the Quartz jar lacks " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script's statements, without comments, and without the COMMIT Flyway does itself. */
  static List<String> statements(String script) {
    StringBuilder code = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("--") && !trimmed.startsWith("#")) {
        code.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : code.toString().split(";")) {
      String sql = statement.strip();
      if (!sql.isEmpty() && !sql.equalsIgnoreCase("commit")) {
        statements.add(sql);
      }
    }
    return statements;
  }
}
