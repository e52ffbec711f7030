package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.testing.DrivenServer.monday;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.scheduler.testing.DrivenServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list -w} and {@code status -w} against a served queue the test drives: each wait of the
 * watch is one step of the test's script (a change on the server, or none), and the end of the
 * script is a Ctrl-C.
 */
class WatchCliTest {
  static final String ESC = "\u001b";
  @TempDir Path home;
  DrivenServer server;
  Map<String, String> environment;

  record Result(int exit, String out, String err) {
    /** The tables printed, each after its time line (in a pipe) or its header (on a terminal). */
    List<String> draws() {
      List<String> draws = new ArrayList<>();
      for (String part : out.split("(?m)^(?=2023-03-13T)")) {
        if (!part.isBlank()) {
          draws.add(part);
        }
      }
      return draws;
    }

    List<JsonNode> documents() throws Exception {
      return new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(out).readAll();
    }
  }

  @BeforeEach
  void serve() {
    server = new DrivenServer();
    environment = server.cliEnvironment(home);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Result run(Terminal terminal, WatchPacer pacer, String... args) {
    return run(server, environment, home.resolve("cache"), terminal, pacer, args);
  }

  /**
   * The command line against {@code server}, printing to {@code terminal}, paced by {@code pacer}.
   */
  static Result run(
      DrivenServer server,
      Map<String, String> environment,
      Path cache,
      Terminal terminal,
      WatchPacer pacer,
      String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            server.clock,
            new PrintWriter(out),
            new PrintWriter(err),
            environment,
            cache,
            terminal,
            pacer);
    return new Result(new Cli(context).run(args), out.toString(), err.toString());
  }

  Result run(WatchPacer pacer, String... args) {
    return run(Terminal.PIPE, pacer, args);
  }

  @Test
  void aListInAPipeIsAppendedAfterItsTimeOnlyWhenItChangesAndCtrlCEndsItWithZero() {
    server.submit("train-a", true);
    ScriptedPacer pacer =
        new ScriptedPacer(() -> {}, () -> server.dispatchAt(monday(2, 6)), () -> {});

    Result watched = run(pacer, "list", "-w");

    assertThat(watched.exit()).as(watched.err()).isZero();
    assertThat(watched.err()).isEmpty();
    assertThat(pacer.started).isTrue();
    assertThat(pacer.waits).hasSize(4).containsOnly(Duration.ofSeconds(2));
    List<String> draws = watched.draws();
    assertThat(draws).hasSize(2);
    assertThat(draws.get(0)).startsWith("2023-03-13T00:00:00Z\nID ").contains("train-a  running");
    assertThat(draws.get(1)).startsWith("2023-03-13T02:06:00Z\nID ").contains("train-a  paused");
    assertThat(watched.out()).doesNotContain(ESC);
  }

  @Test
  void onATerminalEachChangeClearsTheScreenAndTheTableFitsEightyColumns() {
    server.submit("train-a", true);
    server.submit("train-b", false);
    Terminal eighty = new Terminal(80, false, true);

    Result watched =
        run(eighty, new ScriptedPacer(() -> server.dispatchAt(monday(2, 6))), "list", "--watch");

    assertThat(watched.exit()).as(watched.err()).isZero();
    String[] screens = watched.out().split(java.util.regex.Pattern.quote(Watcher.CLEAR_SCREEN));
    assertThat(screens).hasSize(3);
    assertThat(screens[0]).isEmpty();
    assertThat(screens[1]).startsWith("2023-03-13T00:00:00Z  every 2s; Ctrl-C to stop\n");
    assertThat(screens[2]).startsWith("2023-03-13T02:06:00Z  every 2s; Ctrl-C to stop\n");
    for (String screen : List.of(screens[1], screens[2])) {
      assertThat(screen.lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(81));
      assertThat(screen).contains("train-a").contains("train-b");
    }
  }

  @Test
  void statusOfAJobEndsByItselfWhenItSucceedsWithZero() {
    server.submit("train-a", true);
    ScriptedPacer pacer =
        new ScriptedPacer(
            () -> server.at(monday(2, 6)),
            () -> server.at(monday(6, 0)),
            () -> server.at(monday(8, 0)),
            () -> server.at(monday(9, 0)));

    Result watched = run(pacer, "status", "train-a", "-w", "--interval", "5s");

    assertThat(watched.exit()).as(watched.err()).isZero();
    assertThat(watched.err()).isEmpty();
    assertThat(pacer.waits)
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    List<String> draws = watched.draws();
    assertThat(draws).hasSize(4);
    assertThat(draws.get(0)).contains("train-a  running");
    assertThat(draws.get(1)).contains("train-a  paused");
    assertThat(draws.get(2)).contains("train-a  running");
    assertThat(draws.get(3)).contains("train-a  succeeded").contains("decisions:");
  }

  @Test
  void statusOfACancelledJobEndsWithOneAndSaysWhy() {
    server.submit("train-a", true);
    ScriptedPacer pacer =
        new ScriptedPacer(
            () -> server.service.cancel("ada_train-a", "ada"), () -> server.at(monday(1, 0)));

    Result watched = run(pacer, "status", "train-a", "-w");

    assertThat(watched.exit()).isEqualTo(Cli.FAILURE);
    assertThat(watched.err()).isEqualTo("job train-a cancelled by ada\n");
    assertThat(pacer.waits).hasSize(1);
    assertThat(watched.draws()).hasSize(2);
  }

  @Test
  void statusOfASweepEndsWhenEveryTrialHasAndSaysHowTheyEnded() {
    Result queued =
        run(
            WatchPacer.SLEEPING,
            "submit",
            "--name",
            "lr",
            "--image",
            "t:1",
            "--gpus",
            "8",
            "--gpu-model",
            "A100",
            "--duration",
            "1h",
            "--deadline",
            "10h",
            "--array",
            "0-1");
    assertThat(queued.exit()).as(queued.err()).isZero();
    server.cycle();
    ScriptedPacer pacer =
        new ScriptedPacer(
            () -> assertThat(run(WatchPacer.SLEEPING, "cancel", "lr").exit()).isZero(),
            () -> server.at(monday(1, 0)));

    Result watched = run(pacer, "status", "lr", "-w");

    assertThat(watched.exit()).isEqualTo(Cli.FAILURE);
    assertThat(watched.err()).isEqualTo("sweep lr ended: 2 cancelled\n");
    assertThat(pacer.waits).hasSize(1);
    assertThat(watched.draws()).hasSize(2);
    assertThat(watched.draws().get(1)).contains("2 cancelled").contains("ended ");
  }

  @Test
  void asJsonAListPrintsEveryJobThenEachJobThatChangedOneDocumentEach() throws Exception {
    server.submit("train-a", true);
    server.submit("train-b", false);
    ScriptedPacer pacer = new ScriptedPacer(() -> {}, () -> server.dispatchAt(monday(2, 6)));

    Result watched = run(pacer, "list", "-w", "-o", "json");

    assertThat(watched.exit()).as(watched.err()).isZero();
    List<JsonNode> documents = watched.documents();
    assertThat(documents)
        .extracting(job -> job.path("id").asText())
        .containsExactly("train-a", "train-b", "train-a");
    assertThat(documents.get(0).path("state").asText()).isEqualTo("running");
    assertThat(documents.get(2).path("state").asText()).isEqualTo("paused");
  }

  @Test
  void asNamesAndAsYamlEachChangePrintsAgain() {
    server.submit("train-a", true);

    // running at 00:00, paused at 02:06, running again from 06:00
    Result names =
        run(new ScriptedPacer(() -> server.dispatchAt(monday(2, 6))), "list", "-w", "-o", "name");
    Result yaml =
        run(
            new ScriptedPacer(() -> server.dispatchAt(monday(6, 0)), () -> {}),
            "status",
            "train-a",
            "-w",
            "-o",
            "yaml");

    assertThat(names.out()).isEqualTo("train-a\ntrain-a\n");
    assertThat(yaml.exit()).as(yaml.err()).isZero();
    assertThat(yaml.out().lines().filter("---"::equals)).hasSize(2);
    assertThat(yaml.out()).containsPattern("(?m)^state: paused$").contains("state: running");
  }

  @Test
  void anIntervalWithoutWatchOrOutOfRangeIsRefusedNamingTheFlagAndTheFix() {
    Result alone = run(new ScriptedPacer(), "list", "--interval", "5s");
    Result tooLong = run(new ScriptedPacer(), "status", "train-a", "-w", "--interval", "2h");
    Result notADuration = run(new ScriptedPacer(), "list", "-w", "--interval", "2");

    assertThat(alone.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(alone.err())
        .startsWith(
            "error: --interval sets how often --watch asks the server: add -w, or leave"
                + " --interval out");
    assertThat(tooLong.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(tooLong.err())
        .startsWith("error: --interval must be from 1s to 1h, got 2h; e.g. --interval 5s");
    assertThat(notADuration.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(notADuration.err()).contains("--interval").contains("'2' is not a duration");
  }
}
