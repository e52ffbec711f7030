package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonq.config.SmallTextFile;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.client.ClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --server} and {@code --token}, like kubectl's kubeconfig: a flag wins over {@code
 * CARBONQ_SERVER} / {@code CARBONQ_TOKEN}, which win over the CLI config file that {@code carbonq
 * serve} writes on first start.
 */
final class ServerOption {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "carbonq server (default: $CARBONQ_SERVER, the CLI config, or " + DEFAULT_SERVER + ")")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "API token (default: $CARBONQ_TOKEN or the CLI config)")
  String token;

  /** A client of the chosen server, whose every call gives up after 30 seconds. */
  ApiClient client(CliContext context) {
    return client(context, Duration.ofSeconds(30));
  }

  /** A client of the chosen server, whose every call gives up after {@code timeout}. */
  ApiClient client(CliContext context, Duration timeout) {
    Path file = ClientFiles.clientConfig(context.environment());
    String fileServer = null;
    String fileToken = null;
    if (Files.isRegularFile(file)) {
      JsonNode node = read(file);
      for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!List.of("server", "token").contains(key)) {
          throw new ClientException(
              file + ": unknown field '" + key + "'; known: server, token", ApiClient.BAD_INPUT);
        }
      }
      fileServer = node.path("server").asText(null);
      fileToken = node.path("token").asText(null);
    }
    String envServer = context.environment().get("CARBONQ_SERVER");
    String envToken = context.environment().get("CARBONQ_TOKEN");
    String chosenServer = first(server, envServer, fileServer, DEFAULT_SERVER);
    String serverOrigin =
        present(server)
            ? "from --server"
            : present(envServer)
                ? "from CARBONQ_SERVER"
                : present(fileServer)
                    ? "from " + file
                    : "the default: no --server, CARBONQ_SERVER or " + file;
    String origin =
        token != null
            ? "--token"
            : envToken != null
                ? "CARBONQ_TOKEN"
                : fileToken != null ? file.toString() : "nowhere (no token set)";
    return new ApiClient(
        chosenServer, serverOrigin, first(token, envToken, fileToken, null), origin, timeout);
  }

  private static JsonNode read(Path file) {
    try {
      JsonNode node =
          new ObjectMapper(new YAMLFactory()).readTree(SmallTextFile.read(file, 64 * 1024));
      if (node == null || !node.isObject()) {
        throw new ClientException(
            file + ": must be a mapping with server: and token:", ApiClient.BAD_INPUT);
      }
      return node;
    } catch (IOException e) {
      throw new ClientException(file + ": " + e.getMessage(), ApiClient.BAD_INPUT);
    }
  }

  private static String first(String... candidates) {
    for (String candidate : candidates) {
      if (present(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
