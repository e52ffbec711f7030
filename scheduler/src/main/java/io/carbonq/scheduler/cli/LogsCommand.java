package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.cli.QueueCommands.encode;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.cli.Completions.IdKind;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.client.ClientException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carbonq logs}: a job's output, as {@code kubectl logs} prints a pod's. */
@Command(
    name = "logs",
    description = {
      "Print a job's output: its latest run's, as kubectl logs prints a pod's.",
      "A job paused and resumed has one run per piece: --all-runs prints each."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class LogsCommand implements Callable<Integer> {
  /** How often {@code -f} asks the server for more. */
  static final Duration FOLLOW_EVERY = Duration.ofSeconds(2);

  @Parameters(paramLabel = "ID", description = "a job's id")
  @Completions.ServerIds(IdKind.jobs)
  String id;

  @Option(
      names = {"-f", "--follow"},
      description =
          "print what the job prints until it ends (asking every 2s): exit 0 if it succeeded,"
              + " 1 if it failed or was cancelled; Ctrl-C stops with 0")
  boolean follow;

  @Option(
      names = "--all-runs",
      description = "every run's output, oldest first, each under a ==> RUN <== line")
  boolean allRuns;

  @Mixin OwnerOption owner;
  @Mixin ServerOption server;
  private final CliContext context;

  LogsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ApiClient client = server.client(context);
    if (!follow) {
      context.out().print(client.getText(logsPath()).body());
      return Cli.OK;
    }
    return follow(client);
  }

  private String logsPath() {
    String query = owner.query();
    if (allRuns) {
      query += (query.isEmpty() ? "?" : "&") + "runs=all";
    }
    return "/v1/jobs/" + encode(id) + "/logs" + query;
  }

  /**
   * Prints the output, then what it gains every {@link #FOLLOW_EVERY}, until the job has ended or
   * Ctrl-C. Between two runs (a job paused) there may be none to read: that is waited out.
   */
  private int follow(ApiClient client) {
    context.pacer().start();
    LogFollower follower = new LogFollower(allRuns);
    boolean first = true;
    while (true) {
      // The job is read before its output: once it has ended, the output read after is whole.
      JsonNode job = client.get("/v1/jobs/" + encode(id) + owner.query());
      try {
        context.out().print(follower.news(client.getText(logsPath())));
        context.out().flush();
      } catch (ClientException e) {
        if (first || (e.httpStatus() != 404 && e.httpStatus() != 409)) {
          throw e;
        }
      }
      first = false;
      Optional<Watcher.Ending> ending = Watcher.Ending.ofJob(job);
      if (ending.isPresent()) {
        if (!ending.get().message().isEmpty()) {
          context.err().println(ending.get().message());
        }
        return ending.get().exit();
      }
      if (!context.pacer().await(FOLLOW_EVERY)) {
        return Cli.OK;
      }
    }
  }
}
