package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.scheduler.cli.TextTable.Column;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.client.ClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carbonq token create|list|revoke}: API tokens, for an admin. */
@Command(
    name = "token",
    description = "Manage API tokens (admin).",
    mixinStandardHelpOptions = true)
final class TokenCommands {
  private final CliContext context;

  TokenCommands(CliContext context) {
    this.context = context;
  }

  @Command(
      name = "create",
      description = "Make a token for a user; it is shown once.",
      mixinStandardHelpOptions = true)
  int create(
      @Option(
              names = "--owner",
              required = true,
              paramLabel = "OWNER",
              description = "who the token is for")
          String owner,
      @Option(
              names = "--scopes",
              split = ",",
              defaultValue = "read,submit",
              paramLabel = "SCOPES",
              description = "read, submit, admin (default: ${DEFAULT-VALUE})")
          List<String> scopes,
      @Option(
              names = "--expires",
              paramLabel = "DURATION",
              converter = DurationConverter.class,
              description =
                  "it stops working this long after it is made, e.g. 30d (default: never)")
          Duration expires,
      @Mixin ServerOption server,
      @Mixin ClientOutput output) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("owner", owner);
    scopes.forEach(body.putArray("scopes")::add);
    if (expires != null) {
      body.put("expiresIn", expires.toString());
    }
    JsonNode created = server.client(context).post("/v1/tokens", body, Optional.empty());
    if (!output.table()) {
      output.print(context.out(), created);
      return 0;
    }
    String expiry =
        created.path("expiresAt").isTextual()
            ? ", expires " + created.path("expiresAt").asText()
            : "";
    context
        .out()
        .printf(
            "token %s for %s (%s)%s, shown once:%n%s%n",
            QueueCommands.text(created, "id"),
            QueueCommands.text(created, "owner"),
            String.join(", ", QueueCommands.strings(created.path("scopes"))),
            expiry,
            QueueCommands.text(created, "token"));
    return 0;
  }

  @Command(
      name = "list",
      description = "List every token, revoked and expired ones too; never the tokens themselves.",
      mixinStandardHelpOptions = true)
  int list(@Mixin ServerOption server, @Mixin ClientOutput output) {
    ApiClient.Listing tokens = server.client(context).tokens();
    if (output.name()) {
      tokens.rows().forEach(token -> context.out().println(QueueCommands.text(token, "id")));
      return 0;
    }
    if (!output.table()) {
      ObjectNode document = JsonNodeFactory.instance.objectNode();
      document.putArray("tokens").addAll(tokens.rows());
      document.put("total", tokens.total());
      output.print(context.out(), document);
      return 0;
    }
    TextTable table =
        new TextTable(
            Column.of("ID"),
            Column.of("OWNER").cut(10),
            Column.of("SCOPES"),
            Column.of("STATE"),
            Column.of("CREATED").optional(2),
            Column.of("EXPIRES").optional(1),
            Column.of("LAST USED").optional(3),
            Column.of("REVOKED").optional(4));
    for (JsonNode token : tokens.rows()) {
      table.add(
          QueueCommands.text(token, "id"),
          QueueCommands.text(token, "owner"),
          String.join(",", QueueCommands.strings(token.path("scopes"))),
          QueueCommands.text(token, "state"),
          QueueCommands.text(token, "createdAt"),
          QueueCommands.text(token, "expiresAt"),
          QueueCommands.text(token, "lastUsedAt"),
          QueueCommands.text(token, "revokedAt"));
    }
    table.print(context.out(), context.terminal().layout(output.wide()));
    return 0;
  }

  @Command(
      name = "revoke",
      description =
          "Revoke tokens by id (see `carbonq token list`): refused from the next request.",
      mixinStandardHelpOptions = true)
  int revoke(
      @Parameters(paramLabel = "ID", arity = "1..*") List<String> ids,
      @Mixin ServerOption server,
      @Mixin ClientOutput output) {
    ApiClient client = server.client(context);
    List<String> failed = new ArrayList<>();
    for (String id : ids) {
      try {
        JsonNode token = client.revokeToken(id);
        if (output.table()) {
          context
              .out()
              .printf(
                  "revoked %s (%s: %s)%n",
                  QueueCommands.text(token, "id"),
                  QueueCommands.text(token, "owner"),
                  String.join(", ", QueueCommands.strings(token.path("scopes"))));
        } else {
          output.print(context.out(), token);
        }
      } catch (ClientException e) {
        context.err().printf("error: %s: %s%n", id, e.getMessage());
        failed.add(id);
      }
    }
    return failed.isEmpty() ? 0 : ApiClient.FAILURE;
  }
}
