package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.config.DurationText;
import io.carbonq.scheduler.client.ApiClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Shows what a command shows again each time it changes, as {@code kubectl get -w} and {@code
 * watch} do: asks the server every interval and prints only what changed, until Ctrl-C (exit 0) or,
 * for a job or a sweep, until it has ended (exit as its {@link Ending} says).
 *
 * <p>A table is printed whole again: on a terminal over a cleared screen, elsewhere (a pipe, a log)
 * appended after a line with the time, so that nothing printed is lost. JSON, YAML and names are
 * printed as {@code kubectl get -w -o json} prints them: one document per change, for a list one
 * per job that is new or changed since the last look (each YAML document after a {@code ---} line).
 */
final class Watcher {
  /** Cursor to the top left, then erase the screen: what {@code clear} and {@code watch} send. */
  static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

  /**
   * One look at what is watched.
   *
   * @param table what a person sees, for {@code -o table} and {@code -o wide}
   * @param documents the API's documents shown, each under a key that names it among them
   * @param note said on standard error when it changes (e.g. that a list shows one page); or ""
   * @param ending how the command ends once what it shows can change no more
   */
  record Look(String table, Map<String, JsonNode> documents, String note, Optional<Ending> ending) {
    Look {
      Objects.requireNonNull(table, "table");
      documents = Collections.unmodifiableMap(new LinkedHashMap<>(documents));
      Objects.requireNonNull(note, "note");
      Objects.requireNonNull(ending, "ending");
    }
  }

  /**
   * How a watch of something that has ended exits: 0 when it succeeded; 1 when it failed or was
   * cancelled (for a sweep: when a trial did), with {@code message} saying so on standard error.
   */
  record Ending(int exit, String message) {
    /** The end of a job as {@code GET /v1/jobs/{id}} shows it; empty while it may still change. */
    static Optional<Ending> ofJob(JsonNode job) {
      String id = QueueCommands.text(job, "id");
      String state = QueueCommands.text(job, "state");
      String reason = QueueCommands.text(job, "reason");
      return switch (state) {
        case "succeeded" -> Optional.of(new Ending(Cli.OK, ""));
        case "failed", "cancelled" ->
            Optional.of(
                new Ending(
                    ApiClient.FAILURE,
                    "job "
                        + id
                        + " "
                        + (reason.startsWith(state) ? reason : state + ": " + reason)));
        default -> Optional.empty();
      };
    }

    /** The end of a sweep as {@code GET /v1/sweeps/{id}} shows it: when every trial has ended. */
    static Optional<Ending> ofSweep(JsonNode sweep) {
      if (!sweep.path("finishedAt").isTextual()) {
        return Optional.empty();
      }
      JsonNode states = sweep.path("states");
      if (states.path("succeeded").asInt() == sweep.path("trials").asInt()) {
        return Optional.of(new Ending(Cli.OK, ""));
      }
      List<String> counts = new ArrayList<>();
      for (String state : List.of("succeeded", "failed", "cancelled")) {
        if (states.path(state).asInt() > 0) {
          counts.add(states.path(state).asInt() + " " + state);
        }
      }
      return Optional.of(
          new Ending(
              ApiClient.FAILURE,
              "sweep "
                  + QueueCommands.text(sweep, "sweep")
                  + " ended: "
                  + String.join(", ", counts)));
    }
  }

  private final CliContext context;
  private final ClientOutput output;
  private final Duration interval;
  private String shownTable;
  private String shownNote = "";
  private Map<String, JsonNode> shownDocuments = Map.of();

  Watcher(CliContext context, ClientOutput output, Duration interval) {
    this.context = context;
    this.output = output;
    this.interval = interval;
  }

  /** Looks, prints what changed, and again every interval, until Ctrl-C or the look's ending. */
  int run(Supplier<Look> asker) {
    context.pacer().start();
    while (true) {
      Look look = asker.get();
      show(look);
      if (look.ending().isPresent()) {
        Ending ending = look.ending().get();
        if (!ending.message().isEmpty()) {
          context.err().println(ending.message());
          context.err().flush();
        }
        return ending.exit();
      }
      if (!context.pacer().await(interval)) {
        return Cli.OK;
      }
    }
  }

  private void show(Look look) {
    if (!look.note().isEmpty() && !look.note().equals(shownNote)) {
      context.err().println(look.note());
      context.err().flush();
    }
    shownNote = look.note();
    if (output.table()) {
      showTable(look.table());
    } else {
      showChangedDocuments(look.documents());
    }
    context.out().flush();
  }

  private void showTable(String table) {
    if (table.equals(shownTable)) {
      return;
    }
    PrintWriter out = context.out();
    String now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
    if (context.terminal().interactive()) {
      out.print(CLEAR_SCREEN);
      out.println(now + "  every " + DurationText.format(interval) + "; Ctrl-C to stop");
    } else {
      out.println(now);
    }
    out.print(table);
    shownTable = table;
  }

  private void showChangedDocuments(Map<String, JsonNode> documents) {
    for (Map.Entry<String, JsonNode> document : documents.entrySet()) {
      if (!document.getValue().equals(shownDocuments.get(document.getKey()))) {
        if (output.yaml()) {
          context.out().println("---");
        }
        output.print(context.out(), document.getValue());
      }
    }
    shownDocuments = documents;
  }
}
