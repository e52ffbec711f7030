package io.carbonq.scheduler.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an embedded H2 database again from its rows. SIGKILL in the middle of a commit can leave
 * H2 an index entry still held by the transaction the kill cut off: a lookup by that key finds no
 * row though the row is there, and an insert of the key waits for the dead transaction until the
 * lock timeout, on every retry, so a client's request can never succeed. The primary key of a table
 * keyed by text is such an index too, so rebuilding the named indexes alone is not enough.
 *
 * <p>The database is written out as SQL ({@code SCRIPT}, which reads every table's rows, not its
 * indexes), run into a new file, and the new file replaces the old with one atomic rename once
 * every table holds as many rows as before. A kill at any point leaves the old file or the new one,
 * whole; the next rebuild starts again from what is there.
 */
final class H2Rebuild {
  private H2Rebuild() {}

  /**
   * Rebuilds the database {@code name} in {@code directory} (the files {@code name.mv.db} and, for
   * the work, {@code name-rebuild.*}), and returns the rows it holds, by table.
   */
  static Map<String, Long> rebuild(Path directory, String name) throws SQLException, IOException {
    Path database = directory.resolve(name + ".mv.db");
    Path fresh = directory.resolve(name + "-rebuild.mv.db");
    Path script = directory.resolve(name + "-rebuild.sql");
    List<Path> work = List.of(script, fresh, directory.resolve(name + "-rebuild.trace.db"));
    // What a rebuild killed part way left: RUNSCRIPT into a half-written file would fail.
    deleteAll(work);
    try {
      Map<String, Long> rows;
      try (Connection old = open(directory.resolve(name));
          Statement statement = old.createStatement()) {
        rows = rowsByTable(old);
        statement.execute("SCRIPT TO " + literal(script));
        statement.execute("SHUTDOWN");
      }
      try (Connection rebuilt = open(directory.resolve(name + "-rebuild"));
          Statement statement = rebuilt.createStatement()) {
        statement.execute("RUNSCRIPT FROM " + literal(script));
        Map<String, Long> copied = rowsByTable(rebuilt);
        statement.execute("SHUTDOWN");
        if (!copied.equals(rows)) {
          throw new SQLException(
              "the new file's tables hold " + copied + " rows, the old one's " + rows);
        }
      }
      Files.move(
          fresh, database, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(directory);
      return rows;
    } finally {
      // The script holds every job in plain text; a failed attempt's new file is of no use.
      deleteAll(work);
    }
  }

  private static void deleteAll(List<Path> files) throws IOException {
    for (Path file : files) {
      Files.deleteIfExists(file);
    }
  }

  /** Makes the rename itself durable, so that a power cut cannot bring the old file back. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static Connection open(Path database) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:" + database.toAbsolutePath(), "sa", "");
  }

  /**
   * Rows of every table, by schema and name, as a scan of the table sees them. A bare {@code
   * COUNT(*)} reads H2's own tally, which also counts an entry a cut-off transaction still holds, a
   * row no query returns and {@code SCRIPT} does not write.
   */
  private static Map<String, Long> rowsByTable(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet names =
            statement.executeQuery(
                "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
      while (names.next()) {
        tables.add(quote(names.getString(1)) + "." + quote(names.getString(2)));
      }
    }
    Map<String, Long> rows = new TreeMap<>();
    for (String table : tables) {
      try (Statement statement = connection.createStatement();
          ResultSet count =
              statement.executeQuery("SELECT COUNT(*) FROM (SELECT * FROM " + table + ")")) {
        count.next();
        rows.put(table, count.getLong(1));
      }
    }
    return rows;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String literal(Path path) {
    return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
  }
}
