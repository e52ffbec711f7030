package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.cli.QueueCommands.encode;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.cli.Completions.IdKind;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code carbonq __complete-ids [PREFIX]}, hidden: the ids of the caller's latest jobs and the
 * names of their sweeps, one a line, for the completion script to offer. It runs under the user's
 * cursor, so it answers quickly or not at all: on any failure (no server, a refused token, a slow
 * answer, a bad flag) it prints nothing and exits 0.
 */
@Command(name = CompleteIdsCommand.NAME, hidden = true)
final class CompleteIdsCommand implements Callable<Integer> {
  static final String NAME = "__complete-ids";

  /** The latest jobs asked for: one page, so a long queue completes as fast as a short one. */
  static final int MOST_RECENT = QueueCommands.PAGE;

  /** The whole call, connecting included: longer, and a TAB seems to hang. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** What a shell takes as a word as it is; a server's answer is offered only in such words. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  @Option(names = "--kind", defaultValue = "all")
  IdKind kind;

  @Option(names = "--owner")
  String owner;

  @Mixin ServerOption server;

  @Parameters(arity = "0..1", defaultValue = "")
  String prefix;

  private final CliContext context;

  CompleteIdsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (kind == IdKind.none) {
      return Cli.OK;
    }
    List<JsonNode> jobs;
    try {
      String whose = owner == null ? "scope=mine" : "owner=" + encode(owner);
      jobs =
          server
              .client(context, TIMEOUT)
              .list("/v1/jobs?order=newest&" + whose, "jobs", MOST_RECENT)
              .rows();
    } catch (RuntimeException e) {
      // Nothing to offer is the answer: an error would be printed under the user's cursor.
      return Cli.OK;
    }
    ids(jobs, kind).stream()
        .filter(id -> id.startsWith(prefix))
        .forEach(id -> context.out().println(id));
    return Cli.OK;
  }

  /** The jobs' ids, their sweeps' names or both (ids first), newest first, each once. */
  private static Set<String> ids(List<JsonNode> jobs, IdKind kind) {
    Set<String> ids = new LinkedHashSet<>();
    if (kind == IdKind.jobs || kind == IdKind.all) {
      jobs.forEach(job -> ids.add(job.path("id").asText()));
    }
    if (kind == IdKind.sweeps || kind == IdKind.all) {
      jobs.stream()
          .map(job -> job.path("sweep"))
          .filter(JsonNode::isTextual)
          .forEach(sweep -> ids.add(sweep.asText()));
    }
    ids.removeIf(id -> !PLAIN_WORD.matcher(id).matches());
    return ids;
  }
}
