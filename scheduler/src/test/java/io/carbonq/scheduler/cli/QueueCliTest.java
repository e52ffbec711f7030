package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.client.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue commands against a running service, as a user drives them from a second terminal. */
class QueueCliTest extends ServedCliTest {
  JsonNode waitForState(String id, String state) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode job = null;
    while (System.nanoTime() < until) {
      job = run("status", id, "-o", "json").json();
      if (job.path("state").asText().equals(state)) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " never became " + state + ": " + job);
  }

  @Test
  void submitListStatusAndCancelFromTheCommandLine() throws Exception {
    Result submitted =
        run(
            "submit",
            "--name",
            "llama-ft",
            "--image",
            "ghcr.io/lab/train:1.4",
            "--gpus",
            "8",
            "--gpu-model",
            "A100",
            "--duration",
            "6h",
            "--deadline",
            "36h",
            "--interruptible",
            "--",
            "python",
            "train.py",
            "--lr",
            "3e-4");

    assertThat(submitted.exit()).as(submitted.err()).isZero();
    assertThat(submitted.out())
        .startsWith("queued llama-ft: 8×A100 for 6h, deadline 2023-03-14T20:00:00Z");
    JsonNode planned = waitForState("llama-ft", "planned");
    assertThat(planned.path("spec").path("command").toString())
        .isEqualTo("[\"python\",\"train.py\",\"--lr\",\"3e-4\"]");
    assertThat(planned.path("decisions").findValuesAsText("event"))
        .containsExactly("submitted", "planned");

    Result list = run("list");
    assertThat(list.out()).contains("llama-ft").contains("planned").contains("8×A100");
    Result status = run("status", "llama-ft");
    assertThat(status.out()).contains("plan ").contains("forecast   electricitymaps-trace 2023");

    assertThat(run("cancel", "llama-ft").out()).isEqualTo("cancelled llama-ft\n");
    Result again = run("cancel", "llama-ft");
    assertThat(again.exit()).isEqualTo(Cli.FAILURE);
    assertThat(again.err())
        .contains("job 'llama-ft' is cancelled and cannot be cancelled")
        .doesNotContain("_llama-ft");
    Result report = run("report", "llama-ft");
    assertThat(report.err())
        .contains("job 'llama-ft' is cancelled and has no footprint: none was recorded for it");
  }

  @Test
  void anAdminActsOnAnotherOwnersJobByNamingTheOwner() throws Exception {
    String admin = environment.get("CARBONQ_TOKEN");
    environment.put(
        "CARBONQ_TOKEN",
        server
            .tokens()
            .create(
                "grace",
                java.util.EnumSet.of(
                    io.carbonq.scheduler.store.TokenStore.Scope.READ,
                    io.carbonq.scheduler.store.TokenStore.Scope.SUBMIT),
                MONDAY));
    Result submitted =
        run(
            "submit",
            "--name",
            "train-a",
            "--image",
            "t:1",
            "--gpu-model",
            "A100",
            "--duration",
            "1h",
            "--deadline",
            "36h");
    assertThat(submitted.exit()).as(submitted.err()).isZero();
    environment.put("CARBONQ_TOKEN", admin);

    Result unnamed = run("status", "train-a");
    Result named = run("status", "train-a", "--owner", "grace", "-o", "json");
    Result cancelled = run("cancel", "train-a", "--owner", "grace");

    assertThat(unnamed.exit()).isEqualTo(ApiClient.FAILURE);
    assertThat(unnamed.err()).contains("train-a");
    assertThat(named.exit()).as(named.err()).isZero();
    assertThat(named.json().path("owner").asText()).isEqualTo("grace");
    assertThat(cancelled.exit()).as(cancelled.err()).isZero();
    assertThat(cancelled.out()).contains("cancelled train-a");
  }

  @Test
  void anInterruptibleJobPlannedInPiecesShowsThem() throws Exception {
    Result submitted =
        run(
            "submit",
            "--name",
            "long-ft",
            "--image",
            "t:1",
            "--gpus",
            "8",
            "--gpu-model",
            "A100",
            "--region",
            "gcp:europe-west3",
            "--duration",
            "12h",
            "--deadline",
            "3d",
            "--interruptible");
    assertThat(submitted.exit()).as(submitted.err()).isZero();

    // Twelve hours in Germany over three days: the cleanest hours are not all in one row, and
    // the first of them are now.
    JsonNode job = waitForState("long-ft", "running");
    JsonNode pieces = job.path("plan").path("pieces");
    assertThat(pieces.size()).isGreaterThan(1);
    assertThat(job.path("ran").get(0).path("end").isNull()).isTrue();

    Result status = run("status", "long-ft");
    List<String> planned = new ArrayList<>();
    pieces.forEach(p -> planned.add(p.path("start").asText() + "–" + p.path("end").asText()));
    assertThat(status.out())
        .contains("in " + pieces.size() + " pieces")
        .contains("  pieces     " + String.join(", ", planned) + "\n")
        .contains("  ran        " + job.path("startedAt").asText() + "–now\n")
        .startsWith("long-ft  running on ")
        .containsPattern("Z  dispatched to [a-z0-9-]+\n")
        .doesNotContain("dispatched dispatched");
  }

  @Test
  void aSweepFileQueuesEveryTrialAndAPlanChangesNothing() throws Exception {
    Path sweep = data.resolve("sweep.yaml");
    Files.writeString(
        sweep,
        """
        name: lr-sweep
        template:
          image: ghcr.io/lab/train:1.4
          gpus: 1
          gpuModel: H100
          duration: 2h
          deadline: 3d
        parameters:
          lr: [1e-4, 3e-4]
          batch-size: [32, 64]
        maxParallel: 2
        """);
    Path job = data.resolve("job.yaml");
    Files.writeString(job, "image: t:1\ngpus: 4\ngpuModel: H100\nduration: 2h\ndeadline: 12h\n");

    assertThat(run("sweep", sweep.toString()).out()).startsWith("queued sweep lr-sweep: 4 trials");
    assertThat(run("submit", job.toString(), "--name", "from-file").out())
        .startsWith("queued from-file: 4×H100 for 2h");
    Result plan = run("plan", "-f", job.toString());

    assertThat(plan.out()).startsWith("would run in ").contains("kgCO2e against");
    assertThat(run("list", "--sweep", "lr-sweep", "-o", "json").json().path("jobs")).hasSize(4);
    assertThat(run("list", "-o", "json").json().path("jobs")).hasSize(5);
  }

  @Test
  void badInputIsNamedAndTheExitCodeSaysSo() {
    Result bad =
        run("submit", "--image", "x", "--gpus", "-3", "--duration", "soon", "--deadline", "1h");

    assertThat(bad.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(bad.err())
        .contains("gpus: must be between 1 and 4096, got -3")
        .contains("duration: must be a duration such as 90m");
    assertThat(run("submit").err()).contains("give a spec file (-f job.yaml) or flags");
  }

  @Test
  void aRefusedTokenAndAnAbsentServerSayWhatToDo() {
    environment.put("CARBONQ_TOKEN", "cq_not-a-token");
    Result refused = run("list");
    environment.put("CARBONQ_SERVER", "http://127.0.0.1:1");
    Result absent = run("list");

    assertThat(refused.exit()).isEqualTo(Cli.FAILURE);
    assertThat(refused.err()).contains("the server refused the token from CARBONQ_TOKEN");
    assertThat(absent.err())
        .contains("cannot reach the carbonq server at http://127.0.0.1:1/ (from CARBONQ_SERVER)");
  }

  @Test
  void theCliConfigFileIsUsedWhenNoVariableIsSet() throws Exception {
    Path config = data.resolve(".config/carbonq/config.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        "server: "
            + environment.remove("CARBONQ_SERVER")
            + "\ntoken: "
            + environment.remove("CARBONQ_TOKEN")
            + "\n");

    assertThat(run("list").out()).isEqualTo("no jobs\n");
    Files.writeString(config, "sever: http://x\n");
    assertThat(run("list").err()).contains("unknown field 'sever'; known: server, token");
  }

  @Test
  void queuedJobsSurviveARestartOfTheService() throws Exception {
    run("submit", "--name", "keep-me", "--image", "t:1", "--duration", "1h", "--deadline", "2d");
    waitForState("keep-me", "planned");
    server.close();

    server = start();

    assertThat(run("status", "keep-me", "-o", "json").json().path("state").asText())
        .isEqualTo("planned");
  }

  @Test
  void anAdminListsTheirOwnJobsAndEveryOwnersWithAllOwners() throws Exception {
    run("submit", "--name", "admins-job", "--image", "t:1", "--duration", "1h", "--deadline", "2d");
    String admin = environment.get("CARBONQ_TOKEN");
    Result created =
        run("token", "create", "--owner", "grace", "--scopes", "read,submit", "-o", "json");
    environment.put("CARBONQ_TOKEN", created.json().path("token").asText());
    run("submit", "--name", "graces-job", "--image", "t:1", "--duration", "1h", "--deadline", "2d");
    List<String> graceSees =
        run("list", "--all-owners", "-o", "json").json().path("jobs").findValuesAsText("id");
    environment.put("CARBONQ_TOKEN", admin);

    assertThat(graceSees).containsExactly("graces-job");
    assertThat(run("list", "-o", "json").json().path("jobs").findValuesAsText("id"))
        .containsExactly("admins-job");
    assertThat(run("list", "--all-owners", "-o", "json").json().path("jobs").findValuesAsText("id"))
        .containsExactlyInAnyOrder("admins-job", "graces-job");
    Result both = run("list", "--owner", "grace", "--all-owners");
    assertThat(both.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(both.err()).contains("--owner and --all-owners exclude each other");
  }

  @Test
  void anAdminMakesTokensForUsersWhoSeeOnlyTheirOwnJobs() throws Exception {
    run("submit", "--name", "admins-job", "--image", "t:1", "--duration", "1h", "--deadline", "2d");
    Result created =
        run("token", "create", "--owner", "grace", "--scopes", "read,submit", "-o", "json");
    assertThat(created.exit()).as(created.err()).isZero();
    environment.put("CARBONQ_TOKEN", created.json().path("token").asText());

    run("submit", "--name", "graces-job", "--image", "t:1", "--duration", "1h", "--deadline", "2d");

    assertThat(run("list", "-o", "json").json().path("jobs").findValuesAsText("id"))
        .containsExactly("graces-job");
    assertThat(run("status", "admins-job").err()).contains("no job 'admins-job' of grace");
    Result refused = run("token", "create", "--owner", "mallory", "--scopes", "admin");
    assertThat(refused.exit()).isEqualTo(Cli.FAILURE);
    assertThat(refused.err()).contains("needs the admin scope");
  }

  @Test
  void anAdminTokenFromASecretIsAcceptedAndNoneIsMade() throws Exception {
    String fromSecret = "cq_from-a-kubernetes-secret-0123456789";

    assertThat(server.bootstrapAdminToken(clock, java.util.Optional.of(fromSecret))).isEmpty();
    environment.put("CARBONQ_TOKEN", fromSecret);

    assertThat(run("list").exit()).isZero();
  }

  @Test
  void anAdminListsAndRevokesTokensAndARevokedOneIsRefused() throws Exception {
    Result created = run("token", "create", "--owner", "grace", "-o", "json");
    String id = created.json().path("id").asText();
    String graces = created.json().path("token").asText();
    String admins = environment.get("CARBONQ_TOKEN");

    Result list = run("token", "list");
    assertThat(list.out())
        .startsWith(
            "ID                OWNER  SCOPES       STATE   CREATED               EXPIRES  LAST USED"
                + "             REVOKED\n")
        .contains(id + "  grace  read,submit  active  2023-03-13T08:00:00Z  -        -  ")
        .doesNotContain(graces)
        .doesNotContain(admins);
    assertThat(run("token", "revoke", id).out())
        .isEqualTo("revoked " + id + " (grace: read, submit)\n");
    assertThat(run("token", "list", "-o", "json").json().path("tokens").findValuesAsText("state"))
        .containsExactlyInAnyOrder("active", "revoked");

    environment.put("CARBONQ_TOKEN", graces);
    Result refused = run("list");
    assertThat(refused.exit()).isEqualTo(Cli.FAILURE);
    assertThat(refused.err())
        .isEqualTo(
            "error: the server refused the token from CARBONQ_TOKEN: token "
                + id
                + " was revoked on 2023-03-13T08:00:00Z; ask an admin for another\n");
    environment.put("CARBONQ_TOKEN", admins);
    Result unknown = run("token", "revoke", "tok_nosuchtoken");
    assertThat(unknown.exit()).isEqualTo(Cli.FAILURE);
    assertThat(unknown.err()).contains("tok_nosuchtoken: no token 'tok_nosuchtoken'");
  }

  @Test
  void aTokenMadeToExpireSaysWhen() {
    Result created =
        run("token", "create", "--owner", "intern", "--scopes", "read", "--expires", "30d");

    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out())
        .matches(
            "token tok_[a-z0-9]{12} for intern \\(read\\), expires 2023-04-12T08:00:00Z, shown once:\ncq_\\w{40}\n");
    assertThat(run("token", "create", "--owner", "x", "--expires", "soon").exit())
        .isEqualTo(Cli.BAD_INPUT);
  }

  @Test
  void listSaysWhenMoreJobsExistThanItShowsAndAllShowsEveryOne() throws Exception {
    // One sweep of 1,200 trials: 40 learning rates by 30 seeds.
    List<String> rates = new ArrayList<>();
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rates.add(String.valueOf(i + 1));
    }
    for (int i = 0; i < 30; i++) {
      seeds.add(String.valueOf(i));
    }
    Path sweep = data.resolve("big.yaml");
    Files.writeString(
        sweep,
        "name: big\ntemplate: {image: 't:1', gpuModel: H100, duration: 1h, deadline: 3d}\n"
            + "parameters:\n  lr: ["
            + String.join(", ", rates)
            + "]\n  seed: ["
            + String.join(", ", seeds)
            + "]\nmaxParallel: 8\n");
    assertThat(run("sweep", sweep.toString()).out()).startsWith("queued sweep big: 1200 trials");

    Result page = run("list");
    Result more = run("list", "--limit", "700", "-o", "json");
    Result every = run("list", "--all", "-o", "json");

    assertThat(page.out().lines()).hasSize(501);
    assertThat(page.err())
        .isEqualTo("showing 500 of 1,200 jobs; --all for every one, --limit N for more\n");
    assertThat(more.json().path("jobs")).hasSize(700);
    assertThat(more.json().path("next").isTextual()).isTrue();
    assertThat(more.err()).startsWith("showing 700 of 1,200 jobs");
    assertThat(every.err()).isEmpty();
    assertThat(every.json().path("total").asInt()).isEqualTo(1200);
    assertThat(every.json().path("next").isNull()).isTrue();
    assertThat(every.json().path("jobs").findValuesAsText("id"))
        .hasSize(1200)
        .doesNotHaveDuplicates();
    assertThat(run("list", "--limit", "0").exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(run("list", "--limit", "5", "--all").exit()).isEqualTo(Cli.BAD_INPUT);
  }

  void waitForPlan(String id) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!run("status", id, "-o", "json").json().path("plan").isObject()) {
      assertThat(System.nanoTime()).as("job %s never planned", id).isLessThan(until);
      Thread.sleep(100);
    }
  }

  static void fitsEighty(Result result) {
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().lines())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
  }

  @Test
  void listAndStatusFitEightyColumnsWithLongNamesAndWideShowsThemWhole() throws Exception {
    String name = "a-rather-long-experiment-name-for-the-warmup-ablation";
    run(
        "submit",
        "--name",
        name,
        "--image",
        "ghcr.io/lab/train:1.4",
        "--gpus",
        "8",
        "--gpu-model",
        "A100",
        "--duration",
        "12h",
        "--deadline",
        "3d",
        "--interruptible");
    run("submit", "--name", "short", "--image", "t:1", "--duration", "1h", "--deadline", "2d");
    waitForPlan(name);
    terminal = Terminal.ofColumns(80);

    Result list = run("list");
    Result status = run("status", name);
    Result wide = run("list", "-o", "wide");
    Result names = run("list", "-o", "name");

    fitsEighty(list);
    assertThat(list.out().lines().findFirst().orElseThrow())
        .contains("ID", "STATE", "GPUS", "kgCO2e", "SAVED", "WHY")
        .doesNotContain("POOL", "OWNER");
    assertThat(list.out()).contains("a-rather-long-exp").doesNotContain(name);
    assertThat(list.out()).contains("short").contains("…");
    fitsEighty(status);
    assertThat(status.out()).startsWith(name).contains("  why        ", "decisions:");
    assertThat(wide.out().lines().findFirst().orElseThrow())
        .contains("ID", "OWNER", "STATE", "GPUS", "POOL", "REGION", "START", "END", "kgCO2e")
        .contains("NOW kgCO2e", "SAVED", "WHY");
    assertThat(wide.out()).contains(name).doesNotContain("…");
    assertThat(names.out().lines()).containsExactlyInAnyOrder(name, "short");
  }

  @Test
  void tokenListFitsEightyColumnsAndNamesPrintsTheirIds() throws Exception {
    String id =
        run(
                "token",
                "create",
                "--owner",
                "a-very-long-owner-name",
                "--scopes",
                "read,submit,admin",
                "-o",
                "json")
            .json()
            .path("id")
            .asText();
    terminal = Terminal.ofColumns(80);

    Result list = run("token", "list");
    Result names = run("token", "list", "-o", "name");

    fitsEighty(list);
    assertThat(list.out().lines().findFirst().orElseThrow())
        .contains("ID", "OWNER", "SCOPES", "STATE");
    assertThat(list.out()).contains(id, "read,submit,admin");
    assertThat(names.out().lines())
        .hasSize(2)
        .contains(id)
        .allMatch(line -> line.startsWith("tok_"));
    assertThat(run("token", "list", "-o", "wide").out())
        .contains("a-very-long-owner-name", "REVOKED");
  }

  @Test
  void nameFormatPrintsTheIdOfWhatAVerbMadeOrCancelled() {
    assertThat(
            run(
                    "submit",
                    "--name",
                    "by-name",
                    "--image",
                    "t:1",
                    "--duration",
                    "1h",
                    "--deadline",
                    "2d",
                    "-o",
                    "name")
                .out())
        .isEqualTo("by-name\n");
    assertThat(run("cancel", "by-name", "-o", "name").out()).isEqualTo("by-name\n");
  }
}
