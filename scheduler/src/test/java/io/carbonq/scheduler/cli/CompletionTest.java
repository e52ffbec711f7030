package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.testing.DrivenServer;
import io.carbonq.scheduler.testing.TwoValleys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shell completion of job and sweep ids: {@code __complete-ids} as the script runs it, and the
 * script itself, sourced by a real bash whose {@code carbonq} runs this build against a server.
 */
class CompletionTest {
  static final String SWEEP =
      """
      name: lr
      template: {image: 't:1', gpus: 4, gpuModel: A100, regions: [gcp:europe-west3],
                 duration: 2h, deadline: 1d}
      parameters:
        lr: [0.001, 0.0003]
      """;

  @TempDir Path home;
  DrivenServer server;
  Map<String, String> environment;

  record Result(int exit, String out, String err) {}

  /** What bash offered on TAB, what it printed on stderr, and how long it took. */
  record Offered(List<String> words, String err, Duration took) {}

  @BeforeEach
  void start() {
    server = new DrivenServer();
    environment = server.cliEnvironment(home);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(server.clock, new PrintWriter(out), new PrintWriter(err), environment, home);
    return new Result(new Cli(context).run(args), out.toString(), err.toString());
  }

  /** Queues ada's jobs train-a and train-b, grace's job train-g and ada's sweep lr. */
  void queueJobsAndASweep() throws Exception {
    server.submit("train-a", false);
    server.submit("train-b", false);
    server.submit(
        Workload.builder(JobKeys.key("grace", "train-g"))
            .owner("grace")
            .image("t:1")
            .gpus(1)
            .duration(Duration.ofHours(1))
            .earliestStart(DrivenServer.MONDAY)
            .deadline(DrivenServer.monday(10, 0))
            .regions(List.of("gcp:europe-west3"))
            .build());
    assertThat(run("sweep", Files.writeString(home.resolve("lr.yaml"), SWEEP).toString()).exit())
        .isZero();
  }

  /** Ada's jobs, as {@code list -o name} names them: train-a, train-b and the sweep's trials. */
  List<String> adasJobs() {
    return run("list", "-o", "name").out().lines().toList();
  }

  @Test
  void completeIdsPrintsTheCallersJobIdsAndSweepNames() throws Exception {
    queueJobsAndASweep();
    List<String> jobs = adasJobs();

    Result all = run("__complete-ids");

    assertThat(jobs).contains("train-a", "train-b").hasSize(4);
    assertThat(all.exit()).isZero();
    assertThat(all.err()).isEmpty();
    assertThat(all.out().lines()).containsExactlyInAnyOrderElementsOf(plus(jobs, "lr"));
    assertThat(run("__complete-ids", "--kind", "jobs").out().lines())
        .containsExactlyInAnyOrderElementsOf(jobs);
    assertThat(run("__complete-ids", "--kind", "sweeps").out().lines()).containsExactly("lr");
    assertThat(run("__complete-ids", "tr").out().lines())
        .containsExactlyInAnyOrder("train-a", "train-b");
    environment.put("CARBONQ_TOKEN", server.admin);
    assertThat(run("__complete-ids", "--owner", "grace").out().lines()).containsExactly("train-g");
  }

  @Test
  void completeIdsOffersTheLatest500JobsOfALongQueue() {
    for (int i = 0; i < 501; i++) {
      server.clock.now = DrivenServer.MONDAY.plusSeconds(i);
      String name = String.format("job-%03d", i);
      server.service.submit(
          TwoValleys.fourHourJob(JobKeys.key("ada", name), false), Optional.empty());
    }

    List<String> ids = run("__complete-ids").out().lines().toList();

    assertThat(ids).hasSize(500).contains("job-500").doesNotContain("job-000");
  }

  @Test
  void completeIdsPrintsNothingAndSucceedsWhateverGoesWrong() throws Exception {
    server.submit("train-a", false);
    environment.put("CARBONQ_TOKEN", "not-a-token");
    Result refused = run("__complete-ids");
    environment.put("CARBONQ_SERVER", "http://127.0.0.1:" + closedPort());
    Result unreachable = run("__complete-ids");
    environment.put("CARBONQ_SERVER", "no url");
    Result badUrl = run("__complete-ids");
    Result badFlag = run("__complete-ids", "--kind", "pods", "--nonsense");

    for (Result result : List.of(refused, unreachable, badUrl, badFlag)) {
      assertThat(result.exit()).isZero();
      assertThat(result.out()).isEmpty();
      assertThat(result.err()).isEmpty();
    }
  }

  @Test
  void completeIdsGivesUpOnAServerThatNeverAnswers() throws Exception {
    // Connections are accepted into the backlog, but no request is ever answered.
    try (ServerSocket silent = new ServerSocket(0)) {
      environment.put("CARBONQ_SERVER", "http://127.0.0.1:" + silent.getLocalPort());
      long started = System.nanoTime();

      Result result = run("__complete-ids");

      // About 2 s: other commands wait 10 s for an answer, and up to 30 s in all.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
      assertThat(result.exit()).isZero();
      assertThat(result.out() + result.err()).isEmpty();
    }
  }

  @Test
  void completeIdsIsHiddenFromHelpAndFromTheCompletedCommands() {
    String script = run("generate-completion").out();
    String picocli = script.substring(0, script.indexOf("# Job and sweep ids"));

    assertThat(run("--help").out()).doesNotContain("__complete-ids");
    assertThat(picocli).contains("local commands=\"demo estimate").doesNotContain("__complete-ids");
  }

  @Test
  void bashCompletesAQueueCommandsIdFromTheServer() throws Exception {
    queueJobsAndASweep();
    List<String> jobs = adasJobs();

    Offered status = complete("carbonq", "status", "");

    assertThat(status.err()).isEmpty();
    assertThat(status.words()).containsExactlyInAnyOrderElementsOf(plus(jobs, "lr"));
    assertThat(complete("carbonq", "cancel", "train-a", "").words())
        .containsExactlyInAnyOrderElementsOf(plus(jobs, "lr"));
    assertThat(complete("carbonq", "logs", "-f", "").words())
        .containsExactlyInAnyOrderElementsOf(jobs);
    assertThat(complete("carbonq", "report", "--sweep", "").words()).containsExactly("lr");
  }

  @Test
  void bashNarrowsTheIdsToTheWordTyped() throws Exception {
    queueJobsAndASweep();

    assertThat(complete("carbonq", "status", "train-").words())
        .containsExactlyInAnyOrder("train-a", "train-b");
    assertThat(complete("carbonq", "status", "l").words())
        .hasSize(3)
        .allMatch(id -> id.startsWith("l"))
        .contains("lr");
  }

  @Test
  void bashAsksTheServerAndTokenGivenOnTheLine() throws Exception {
    queueJobsAndASweep();
    environment.remove("CARBONQ_SERVER");
    environment.remove("CARBONQ_TOKEN");
    String port = server.url.substring(server.url.lastIndexOf(':') + 1);

    // As bash splits the line at ':' and '=': --server http://127.0.0.1:PORT --token=TOKEN
    Offered offered =
        complete(
            "carbonq",
            "status",
            "--server",
            "http",
            ":",
            "//127.0.0.1",
            ":",
            port,
            "--token",
            "=",
            server.ada,
            "train-");

    assertThat(offered.words()).containsExactlyInAnyOrder("train-a", "train-b");
  }

  @Test
  void bashLeavesEverythingButTheIdToPicocli() throws Exception {
    queueJobsAndASweep();

    assertThat(complete("carbonq", "sta").words()).containsExactly("status");
    assertThat(complete("carbonq", "status", "--ow").words()).containsExactly("--owner");
    assertThat(complete("carbonq", "status", "-o", "").words())
        .containsExactlyInAnyOrder("table", "wide", "name", "json", "yaml");
    assertThat(complete("carbonq", "status", "train-a", "").words()).isEmpty();
    assertThat(complete("carbonq", "status", "--owner", "").words()).isEmpty();
    assertThat(complete("carbonq", "report", "--owner", "").words()).isEmpty();
    assertThat(complete("carbonq", "estimate", "--gpu", "H1").words()).contains("H100");
  }

  @Test
  void bashWithNoServerOffersNothingQuicklyAndPrintsNothing() throws Exception {
    environment.put("CARBONQ_SERVER", "http://127.0.0.1:" + closedPort());

    Offered offered = complete("carbonq", "status", "");

    assertThat(offered.words()).isEmpty();
    assertThat(offered.err()).isEmpty();
    // A JVM's start on a loaded machine, not a connection's timeout (30 s for other commands).
    assertThat(offered.took()).isLessThan(Duration.ofSeconds(20));
  }

  /**
   * Sources the completion script in bash, with {@code words} as the line and the last one the word
   * being completed, and returns what it offers; {@code carbonq} on the PATH runs this build.
   */
  Offered complete(String... words) throws Exception {
    Path script = home.resolve("carbonq-completion.bash");
    if (!Files.exists(script)) {
      Files.writeString(script, run("generate-completion").out());
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                """
                source "$1" || exit 9
                shift
                COMP_WORDS=("$@")
                COMP_CWORD=$(( $# - 1 ))
                COMP_LINE="$*"
                COMP_POINT=${#COMP_LINE}
                _complete_carbonq_with_ids
                for word in "${COMPREPLY[@]}"; do printf '%s\\n' "$word"; done
                """,
                "bash",
                script.toString()));
    command.addAll(List.of(words));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("CARBONQ_") || key.startsWith("XDG_"));
    env.putAll(environment);
    env.put("PATH", launcher().getParent() + ":" + System.getenv("PATH"));
    Path out = home.resolve("bash.out");
    Path err = home.resolve("bash.err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    long started = System.nanoTime();
    Process bash = builder.start();
    if (!bash.waitFor(60, TimeUnit.SECONDS)) {
      bash.destroyForcibly();
      throw new AssertionError("completing " + List.of(words) + " did not end within 60 s");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(bash.exitValue()).as("bash: %s", Files.readString(err)).isZero();
    return new Offered(Files.readString(out).lines().toList(), Files.readString(err), took);
  }

  /** A {@code carbonq} that runs this build's command line, as the repository's launcher does. */
  Path launcher() throws Exception {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path carbonq = bin.resolve("carbonq");
    if (!Files.exists(carbonq)) {
      Files.writeString(
          carbonq,
          "#!/bin/sh\nexec '"
              + Path.of(System.getProperty("java.home"), "bin", "java")
              + "' -cp '"
              + System.getProperty("java.class.path")
              + "' io.carbonq.scheduler.boot.Main \"$@\"\n");
      assertThat(carbonq.toFile().setExecutable(true)).isTrue();
    }
    return carbonq;
  }

  static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static List<String> plus(List<String> ids, String... more) {
    List<String> all = new ArrayList<>(ids);
    all.addAll(List.of(more));
    return all;
  }
}
