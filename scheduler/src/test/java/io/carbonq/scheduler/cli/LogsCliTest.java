package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.testing.DrivenServer.monday;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.cli.WatchCliTest.Result;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.testing.DrivenServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbonq logs} against a served queue the test drives, whose simulated runs say what they
 * did; with {@code -f} each wait is one step of the test's script, and its end is a Ctrl-C.
 */
class LogsCliTest {
  static final String RUN_1 =
      """
      2023-03-13T00:00:00Z simulated run on frankfurt-a100: 4h of work
      2023-03-13T02:06:00Z paused at the end of its planned piece
      """;
  static final String RUN_2 =
      """
      2023-03-13T06:00:00Z resumed on frankfurt-a100: 1h54m of work left, 6m restoring
      """;

  @TempDir Path home;
  DrivenServer server;
  Map<String, String> environment;

  @BeforeEach
  void serve() {
    server = new DrivenServer();
    environment = server.cliEnvironment(home);
    server.submit("train-a", true);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Result run(WatchPacer pacer, String... args) {
    return WatchCliTest.run(
        server, environment, home.resolve("cache"), Terminal.ofColumns(80), pacer, args);
  }

  @Test
  void theLatestRunsOutputOrEveryRunsAndEachLineFitsEightyColumns() {
    server.at(monday(2, 6));
    server.at(monday(6, 0));

    Result latest = run(new ScriptedPacer(), "logs", "train-a");
    Result all = run(new ScriptedPacer(), "logs", "train-a", "--all-runs");

    assertThat(latest.exit()).as(latest.err()).isZero();
    assertThat(latest.out()).isEqualTo(RUN_2);
    assertThat(all.out())
        .isEqualTo(
            "==> run 1, started 2023-03-13T00:00:00Z <==\n"
                + RUN_1
                + "\n==> run 2, started 2023-03-13T06:00:00Z <==\n"
                + RUN_2);
    assertThat(all.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(81));
  }

  @Test
  void followingPrintsEachLineOnceAcrossAPauseAndEndsWithZeroWhenTheJobSucceeds() {
    ScriptedPacer pacer =
        new ScriptedPacer(
            () -> {},
            () -> server.at(monday(2, 6)),
            () -> server.at(monday(6, 0)),
            () -> server.at(monday(8, 0)),
            () -> server.at(monday(9, 0)));

    Result followed = run(pacer, "logs", "train-a", "-f");

    assertThat(followed.exit()).as(followed.err()).isZero();
    assertThat(followed.err()).isEmpty();
    assertThat(followed.out())
        .isEqualTo(RUN_1 + "==> run 2 <==\n" + RUN_2 + "2023-03-13T08:00:00Z finished\n");
    assertThat(pacer.waits).hasSize(4).containsOnly(LogsCommand.FOLLOW_EVERY);
  }

  @Test
  void followingAJobThatIsCancelledEndsWithOneAndSaysSo() {
    ScriptedPacer pacer =
        new ScriptedPacer(() -> server.service.cancel(JobKeys.key("ada", "train-a"), "ada"));

    Result followed = run(pacer, "logs", "--follow", "train-a");

    assertThat(followed.exit()).isEqualTo(Cli.FAILURE);
    assertThat(followed.out()).endsWith("of work\ncancelled: the run stopped\n");
    assertThat(followed.err()).isEqualTo("job train-a cancelled by ada\n");
  }

  @Test
  void ctrlCStopsFollowingWithZero() {
    ScriptedPacer pacer = new ScriptedPacer(() -> server.at(monday(1, 0)));

    Result followed = run(pacer, "logs", "-f", "train-a");

    assertThat(followed.exit()).isZero();
    assertThat(followed.err()).isEmpty();
    assertThat(pacer.started).isTrue();
    assertThat(pacer.waits).hasSize(2);
  }

  @Test
  void aJobNotStartedYetIsAnErrorSayingWhenItIsPlannedWithNoStackTrace() {
    server.submitNotBefore("later", monday(6, 0));

    for (Result result :
        List.of(
            run(new ScriptedPacer(), "logs", "later"),
            run(new ScriptedPacer(() -> {}), "logs", "later", "-f"))) {
      assertThat(result.exit()).isEqualTo(Cli.FAILURE);
      assertThat(result.out()).isEmpty();
      assertThat(result.err())
          .startsWith("error: job 'later' has not started yet: it is planned (")
          .contains("planned to start 2023-03-13T06:00:00Z on frankfurt-a100")
          .doesNotContain("Exception")
          .hasLineCount(1);
    }
  }

  @Test
  void anAdminReadsAnotherOwnersOutputByNamingTheOwner() {
    environment.put("CARBONQ_TOKEN", server.admin);

    Result unnamed = run(new ScriptedPacer(), "logs", "train-a");
    Result named = run(new ScriptedPacer(), "logs", "train-a", "--owner", "ada", "--all-runs");

    assertThat(unnamed.exit()).isEqualTo(Cli.FAILURE);
    assertThat(unnamed.err()).isEqualTo("error: no job 'train-a' of ops\n");
    assertThat(named.exit()).as(named.err()).isZero();
    assertThat(named.out()).startsWith("==> run 1, started 2023-03-13T00:00:00Z <==\n");
  }
}
