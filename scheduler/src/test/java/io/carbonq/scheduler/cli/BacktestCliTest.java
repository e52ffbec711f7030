package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbonq backtest} on the example histories, as a user runs it, and refusing bad input. */
class BacktestCliTest {
  static final String SLURM = Path.of("../examples/history/slurm-sacct.txt").toString();

  @TempDir Path dir;

  @Test
  void replaysTheSlurmSampleAgainstWhatItEmittedAsItRan() throws Exception {
    Path log = dir.resolve("jobs.csv");
    Path report = dir.resolve("report.md");

    Result result =
        run(
            "backtest",
            "--jobs",
            SLURM,
            "--policies",
            "B0,B2,S",
            "-q",
            "--log",
            log.toString(),
            "--report",
            report.toString(),
            "-o",
            "json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("format").asText()).isEqualTo("sacct");
    assertThat(json.get("skippedByReason").get("job step").asInt()).isPositive();
    JsonNode policies = json.get("policies");
    assertThat(policies.get(0).get("id").asText()).isEqualTo("AS-RUN");
    assertThat(policies.get(0).get("savedPct").asDouble()).isZero();
    assertThat(policies.get(0).get("deadlineMisses").asInt()).isZero();
    JsonNode carbonq = policies.get(3);
    assertThat(carbonq.get("id").asText()).isEqualTo("S");
    assertThat(carbonq.get("savedPct").asDouble()).isPositive();
    assertThat(carbonq.get("deadlineMisses").asInt()).isZero();
    // Every policy runs the same work.
    for (JsonNode policy : policies) {
      assertThat(policy.get("completedGpuHours").asDouble())
          .isEqualTo(policies.get(0).get("completedGpuHours").asDouble());
    }

    int jobs = json.get("jobs").asInt();
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(1 + 4 * jobs);
    assertThat(lines.get(1)).startsWith("AS-RUN,h0,");
    assertThat(Files.readString(report))
        .contains("# Backtest of")
        .contains("| AS-RUN |")
        .contains("| S |");
  }

  @Test
  void anHtmlReportHoldsTheTableAndTheChartAgainstAsRun() throws Exception {
    Path page = dir.resolve("backtest.html");

    Result result =
        run("backtest", "--jobs", SLURM, "--policies", "B0,S", "-q", "--report", page.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    String html = Files.readString(page);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<td>AS-RUN</td><td>", "<td>S</td><td>")
        .contains("<svg", "Emissions saved against AS-RUN, the jobs as they ran")
        .doesNotContain("<?xml")
        .endsWith("</body></html>\n");
  }

  @Test
  void theTextFitsEightyColumnsAndSaysWhatEachDeadlineCameFrom() {
    Result result =
        CliTest.runOn(
            Terminal.ofColumns(80), "backtest", "--jobs", SLURM, "--policies", "B2", "-q");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("Deadlines by").contains("time limit").contains("AS-RUN");
    assertThat(result.out().lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
  }

  @Test
  void badInputNamesTheFlagAndTheFix() throws Exception {
    assertThat(run("backtest").err()).contains("Missing required option: '--jobs=FILE'");
    assertThat(run("backtest", "--jobs", dir.resolve("none.txt").toString()).err())
        .contains("--jobs: no such file");
    assertThat(run("backtest", "--jobs", SLURM, "--timezone", "Mars/Olympus").err())
        .contains("--timezone: 'Mars/Olympus' is not a time zone");
    assertThat(run("backtest", "--jobs", SLURM, "--policies", "B9").err())
        .contains("--policies: unknown policy 'B9'");
    assertThat(run("backtest", "--jobs", SLURM, "--zone", "XX").err())
        .contains("--zone: no bundled trace for zone 'XX'");
    assertThat(run("backtest", "--jobs", SLURM, "--from", "2024-01-01T00:00Z").err())
        .contains("none of the history's");
    assertThat(run("backtest", "--jobs", SLURM, "--format", "excel").err())
        .contains("unknown format 'excel'");
    assertThat(run("backtest", "--jobs", SLURM, "--log", SLURM).err())
        .contains("--log: " + SLURM + " is an input of this backtest");
    assertThat(run("backtest", "--jobs", SLURM, "--report", "/nonexistent/r.md").err())
        .contains("--report: no folder /nonexistent");
    assertThat(run("backtest", "--jobs", SLURM, "--policies", "S:2").err())
        .contains("--policies: unknown policy 'S:2'");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "rules:\n  - match: {group: a100}\n    slak: 1h\n");
    assertThat(run("backtest", "--jobs", SLURM, "--rules", rules.toString()).err())
        .contains("--rules:")
        .contains("unknown field 'rules[0].slak'");
  }

  @Test
  void aRulesFileGivesAPartitionMoreSlackAndPausing() throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        "default: {slack: 1h, timeLimits: false}\n"
            + "rules:\n"
            + "  - match: {group: a100}\n"
            + "    slack: 2d\n"
            + "    interruptible: true\n");

    Result result =
        run(
            "backtest",
            "--jobs",
            SLURM,
            "--rules",
            rules.toString(),
            "--policies",
            "B2",
            "-q",
            "-o",
            "json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode byRule = result.json().get("deadlineRules");
    assertThat(byRule.get("rule 1 (group a100)").asInt()).isPositive();
    assertThat(byRule.get("default slack 1h").asInt()).isPositive();
    assertThat(byRule.has("time limit")).isFalse();
  }
}
