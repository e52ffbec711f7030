package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI config that {@code carbonq serve} writes on its first start so that the queue commands
 * reach it from another terminal. While the file holds the admin token this service made, it is the
 * service's to keep: each start points its {@code server:} at where it now serves. A file with any
 * other token (the user's own, another service's) is left alone.
 */
final class ServedCliConfig {
  private static final String HEADER =
      "# written by carbonq serve, which points server: at itself while the token is its admin token";

  private final Path file;

  ServedCliConfig(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Writes the file for {@code server} and {@code token} unless it exists; whether it did. */
  boolean create(String server, String token) throws IOException {
    if (Files.exists(file)) {
      return false;
    }
    ClientFiles.writePrivate(file, HEADER + "\nserver: " + server + "\ntoken: " + token + "\n");
    return true;
  }

  /**
   * Points the {@code server:} line at {@code server} if the file holds {@code adminToken}; whether
   * it changed the file. Other lines, comments included, stay as they are.
   */
  boolean pointAt(String server, String adminToken) throws IOException {
    if (adminToken.isBlank() || !Files.isRegularFile(file) || !adminToken.equals(token())) {
      return false;
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    String line = "server: " + server;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("server:")) {
        if (lines.get(i).equals(line)) {
          return false;
        }
        lines.set(i, line);
        ClientFiles.writePrivate(file, String.join("\n", lines) + "\n");
        return true;
      }
    }
    return false;
  }

  private String token() {
    try {
      JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
      return node == null ? "" : node.path("token").asText("");
    } catch (IOException unreadable) {
      return "";
    }
  }
}
