package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.cli.CliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbonq simulate} on a workload and grids the user brings, not the bundled ones. */
class SimulateOwnDataTest {
  @TempDir Path dir;

  /**
   * Two made-up zones over two weeks of 2031: CLEAN is cleaner at night, DIRTY always dirty. The
   * jobs: a day of batch work that may wait a day and run in either zone.
   */
  private void ownData() throws IOException {
    Files.createDirectories(dir.resolve("grid"));
    List<String> clean = new ArrayList<>(List.of("datetime_utc,gco2eq_per_kwh"));
    List<String> dirty = new ArrayList<>(List.of("datetime_utc,gco2eq_per_kwh"));
    Instant start = Instant.parse("2031-03-01T00:00:00Z");
    for (int hour = 0; hour < 24 * 21; hour++) {
      String time = start.plusSeconds(3600L * hour).toString().replace(":00:00Z", ":00Z");
      clean.add(time + "," + (hour % 24 < 6 ? 50 : 300));
      dirty.add(time + ",600");
    }
    Files.write(dir.resolve("grid/CLEAN_2031.csv"), clean);
    Files.write(dir.resolve("grid/DIRTY_2031.csv"), dirty);
    List<String> jobs = new ArrayList<>(List.of("id,arrival,duration,gpus,class,regions,home"));
    for (int i = 0; i < 24; i++) {
      String arrival = start.plusSeconds(3600L * (24 + i)).toString();
      jobs.add("job-" + i + "," + arrival + ",2h," + (1 + i % 2) + ",batch,*,DIRTY");
    }
    jobs.add("web,2031-03-02T12:00:00Z,1h,1,latency-sensitive,,DIRTY");
    jobs.add("broken,yesterday,1h,1,batch,,");
    Files.write(dir.resolve("jobs.csv"), jobs);
  }

  /** {@code carbonq simulate} on {@code workload} in the test's folder and its grids, with more. */
  private Result simulate(String workload, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "simulate",
                "--workload",
                dir.resolve(workload).toString(),
                "--intensity",
                dir.resolve("grid").toString()));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
  }

  /** The users' jobs, one copy and no generated sweeps, under {@code policies}, as JSON. */
  private Result simulateAsJson(String policies, String... options) {
    List<String> args =
        new ArrayList<>(List.of("--copies", "1", "--sweeps", "0", "--policies", policies));
    args.addAll(List.of(options));
    args.addAll(List.of("-o", "json"));
    return simulate("jobs.csv", args.toArray(String[]::new));
  }

  @Test
  void replaysTheUsersJobsOnTheUsersGridsAndSaysWhichRowsItSkipped() throws Exception {
    ownData();

    Result result = simulateAsJson("B0,B5,S");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).contains("skipped 1 rows").contains("jobs.csv line 27");
    JsonNode json = result.json();
    assertThat(json.get("workloads").asInt()).isEqualTo(25);
    assertThat(json.get("zones").toString()).contains("CLEAN", "DIRTY");
    JsonNode policies = json.get("policies");
    double b0 = policies.get(0).get("kgCo2e").asDouble();
    double s = policies.get(2).get("kgCo2e").asDouble();
    // Every batch job may move to CLEAN and wait for its night: carbonq must find it.
    assertThat(s).isLessThan(0.5 * b0);
  }

  @Test
  void aZoneWithoutDataIsRefusedNamingTheZonesThatHaveIt() throws Exception {
    ownData();

    Result result = simulate("jobs.csv", "--zones", "CLEAN,MARS", "--policies", "B0");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("MARS").contains("CLEAN, DIRTY");
  }

  @Test
  void dataThatEndsBeforeTheWorkIsDoneIsRefusedWithTheFix() throws Exception {
    ownData();
    List<String> late = List.of("id,arrival,duration,gpus", "x,2031-03-20T00:00Z,12h,1");
    Files.write(dir.resolve("late.csv"), late);

    Result result = simulate("late.csv", "--sweeps", "0", "--policies", "B0");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("covers").contains("--days");
  }

  @Test
  void aWorkloadFileInAnUnknownFormatIsRefusedListingTheColumns() throws Exception {
    Files.write(dir.resolve("odd.csv"), List.of("when,how long", "a,b"));

    Result result = run("simulate", "--workload", dir.resolve("odd.csv").toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("unknown column 'when'").contains("arrival");
  }

  @Test
  void runTimeEstimatesThatErrAreReportedAndAnErrorOfOneOrMoreIsRefused() throws Exception {
    ownData();

    Result erring = simulateAsJson("B0,S", "--duration-error", "0.3");
    Result refused = simulate("jobs.csv", "--policies", "B0", "--duration-error", "1.5");

    assertThat(erring.exit()).as(erring.err()).isZero();
    assertThat(erring.json().get("durationError").asDouble()).isEqualTo(0.3);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("--duration-error").contains("below 1").contains("1.5");
  }

  @Test
  void theBreakdownByClassAddsUpToEachPolicysEmissions() throws Exception {
    ownData();

    Result result = simulateAsJson("B0,S", "--by-class");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode json = result.json();
    for (JsonNode policy : json.get("policies")) {
      double kg = 0;
      int jobs = 0;
      for (JsonNode row : json.get("byClass")) {
        if (row.get("policy").asText().equals(policy.get("id").asText())) {
          kg += row.get("kgCo2e").asDouble();
          jobs += row.get("jobs").asInt();
        }
      }
      assertThat(kg).isCloseTo(policy.get("kgCo2e").asDouble(), within(0.01));
      assertThat(jobs).isEqualTo(25);
    }
    assertThat(json.get("byClass").toString())
        .contains("latency-sensitive", "pod rigid mobile 1-6h");
    // Each policy with hard misses says what held their pools; the counts match the main table.
    assertThat(json.get("hardMissHolders").isArray()).isTrue();
    for (JsonNode holders : json.get("hardMissHolders")) {
      JsonNode policy = null;
      for (JsonNode row : json.get("policies")) {
        if (row.get("id").asText().equals(holders.get("policy").asText())) {
          policy = row;
        }
      }
      assertThat(policy).isNotNull();
      assertThat(holders.get("hardMisses").asLong())
          .isEqualTo(policy.get("hardDeadlineMisses").asLong());
      assertThat(holders.get("meanGpusHeldBy").has("latency-sensitive >=24h")).isTrue();
    }
  }
}
