package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.api.ApiServerTest.Reply;
import io.carbonq.scheduler.domain.RunNow;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.energy.HostShare;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JobFilter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/savings}: the finished runs' realised kgCO2e against running them at once, grouped
 * by day, owner and sweep, and what the planned jobs expect; each owner sees its own.
 */
class SavingsApiTest extends ServedApiTest {

  JsonNode savings(String token, String query) throws IOException {
    Reply reply = call("GET", "/v1/savings" + query, token, null);
    assertThat(reply.status()).as(String.valueOf(reply.json())).isEqualTo(200);
    return reply.json();
  }

  /** One finished run as the test reads it back: its job, its report and its plan's source. */
  record Run(String owner, String job, String sweep, JsonNode report, String source) {
    double kg() {
      return report.path("kgCo2e").asDouble();
    }

    double runNow() {
      return report.path("runNowKgCo2e").asDouble();
    }

    double predicted() {
      return report.path("predictedKgCo2e").asDouble();
    }

    Instant end() {
      return Instant.parse(report.path("end").asText());
    }

    String day() {
      return end().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
  }

  /** Every finished job's report, read through the API as its owner. */
  List<Run> runs() throws IOException {
    List<Run> runs = new ArrayList<>();
    for (QueuedJob job : service.list(JobFilter.all().withStates(EnumSet.of(JobState.SUCCEEDED)))) {
      String token = job.owner().equals("ada") ? ada : grace;
      String name = JobKeys.name(job.id());
      Reply report = call("GET", "/v1/jobs/" + name + "/report", token, null);
      assertThat(report.status()).as(name).isEqualTo(200);
      JsonNode json = call("GET", "/v1/jobs/" + name, token, null).json();
      runs.add(
          new Run(
              job.owner(),
              name,
              json.path("sweep").isNull() ? null : json.path("sweep").asText(),
              report.json(),
              json.path("plan").path("forecastSource").asText()));
    }
    return runs;
  }

  /** Ada's two jobs and a two-trial sweep, and grace's two jobs, all run to their end. */
  List<Run> finished() throws IOException {
    submit(ada, "train-a", 8, "A100", "4h", "36h");
    submit(ada, "train-b", 4, "H100", "2h", "12h");
    submit(grace, "train-a", 16, "A100", "3h", "36h");
    submit(grace, "tune", 2, "A100", "5h", "24h");
    Reply sweep =
        call(
            "POST",
            "/v1/sweeps",
            ada,
            "{\"name\": \"lr\", \"template\": {\"image\": \"t:1\", \"gpuModel\": \"H100\","
                + " \"gpus\": 2, \"duration\": \"1h\", \"deadline\": \"30h\"},"
                + " \"parameters\": {\"lr\": [0.001, 0.0003]}}");
    assertThat(sweep.status()).isEqualTo(201);
    runAll();
    List<Run> runs = runs();
    assertThat(runs).hasSize(6);
    return runs;
  }

  static final double PER_RUN = 0.0006;

  /** Each report rounds to the gram, so sums may differ by half a gram per run. */
  static void assertSums(JsonNode json, List<Run> runs) {
    double kg = runs.stream().mapToDouble(Run::kg).sum();
    double runNow = runs.stream().mapToDouble(Run::runNow).sum();
    double predicted = runs.stream().mapToDouble(Run::predicted).sum();
    double slack = PER_RUN * runs.size() + 0.001;
    assertThat(json.path("runs").asInt()).isEqualTo(runs.size());
    assertThat(json.path("kgCo2e").asDouble()).isCloseTo(kg, within(slack));
    assertThat(json.path("runNowKgCo2e").asDouble()).isCloseTo(runNow, within(slack));
    assertThat(json.path("predictedKgCo2e").asDouble()).isCloseTo(predicted, within(slack));
    assertThat(json.path("savedKgCo2e").asDouble()).isCloseTo(runNow - kg, within(2 * slack));
    // The rounding of small figures weighs on the percentage too.
    assertThat(json.path("savingPct").asDouble())
        .isCloseTo((runNow - kg) / runNow * 100, within(0.1 + 200 * slack / runNow));
    assertThat(json.path("runsWithoutIntensity").asInt()).isZero();
  }

  static <K> Map<K, List<Run>> groups(List<Run> runs, Function<Run, K> by) {
    Map<K, List<Run>> groups = new TreeMap<>();
    runs.forEach(run -> groups.computeIfAbsent(by.apply(run), k -> new ArrayList<>()).add(run));
    return groups;
  }

  static void assertGroups(JsonNode rows, String key, Map<String, List<Run>> expected) {
    List<String> keys = new ArrayList<>();
    rows.forEach(row -> keys.add(row.path(key).asText()));
    assertThat(keys).containsExactlyElementsOf(expected.keySet());
    rows.forEach(row -> assertSums(row, expected.get(row.path(key).asText())));
  }

  static List<Run> only(List<Run> runs, Predicate<Run> which) {
    return runs.stream().filter(which).toList();
  }

  @Test
  void theRealisedTotalsAreTheSumsOfTheRunsReports() throws Exception {
    List<Run> runs = finished();
    assertThat(runs.stream().mapToDouble(Run::runNow).sum())
        .isGreaterThan(runs.stream().mapToDouble(Run::kg).sum());

    JsonNode everyone = savings(admin, "");

    assertThat(everyone.path("days").asInt()).isEqualTo(14);
    assertThat(everyone.path("until").asText()).isEqualTo(clock.now.toString());
    assertThat(everyone.path("from").asText())
        .isEqualTo(clock.now.minus(Duration.ofDays(14)).toString());
    assertSums(everyone.path("realised"), runs);
    assertThat(everyone.path("marginalRunsLeftOut").asInt()).isZero();
    assertThat(everyone.path("planned").path("jobs").asInt()).isZero();
  }

  @Test
  void theRunsAreGroupedByTheirEndsUtcDayTheirOwnerAndTheirSweep() throws Exception {
    List<Run> runs = finished();

    JsonNode everyone = savings(admin, "");

    Map<String, List<Run>> byDay = groups(runs, Run::day);
    assertThat(byDay).as("the runs end on more than one day").hasSizeGreaterThan(1);
    assertGroups(everyone.path("byDay"), "day", byDay);
    assertGroups(everyone.path("byOwner"), "owner", groups(runs, Run::owner));
    Map<String, List<Run>> bySweep =
        groups(only(runs, run -> run.sweep() != null), run -> run.owner() + "/" + run.sweep());
    assertThat(bySweep.keySet()).containsExactly("ada/lr");
    assertGroups(everyone.path("bySweep"), "sweep", bySweep);
  }

  @Test
  void eachForecastSourcesAccuracyIsItsRunsMeanAbsolutePercentageError() throws Exception {
    List<Run> runs = finished();

    JsonNode accuracy = savings(admin, "").path("accuracy");

    Map<String, List<Run>> bySource = groups(runs, Run::source);
    List<String> sources = new ArrayList<>();
    accuracy.forEach(row -> sources.add(row.path("source").asText()));
    assertThat(sources).containsExactlyElementsOf(bySource.keySet());
    for (JsonNode row : accuracy) {
      List<Run> members = bySource.get(row.path("source").asText());
      double error =
          members.stream().mapToDouble(run -> Math.abs(run.predicted() - run.kg()) / run.kg()).sum()
              / members.size()
              * 100;
      assertThat(row.path("runs").asInt()).isEqualTo(members.size());
      assertThat(row.path("meanAbsErrorPct").asDouble()).isCloseTo(error, within(0.15));
      assertThat(row.path("kgCo2e").asDouble())
          .isCloseTo(members.stream().mapToDouble(Run::kg).sum(), within(0.005));
      assertThat(row.path("predictedKgCo2e").asDouble())
          .isCloseTo(members.stream().mapToDouble(Run::predicted).sum(), within(0.005));
    }
  }

  @Test
  void anOwnerSeesItsOwnRunsAndAnAdminItsOwnWhenItAsks() throws Exception {
    List<Run> runs = finished();

    JsonNode adas = savings(ada, "");
    JsonNode adasAll = savings(ada, "?scope=all");
    JsonNode graces = savings(grace, "");
    JsonNode ops = savings(admin, "?scope=mine");

    List<Run> adaRuns = only(runs, run -> run.owner().equals("ada"));
    assertSums(adas.path("realised"), adaRuns);
    assertSums(adasAll.path("realised"), adaRuns);
    assertThat(adas.path("byOwner").findValuesAsText("owner")).containsExactly("ada");
    assertSums(graces.path("realised"), only(runs, run -> run.owner().equals("grace")));
    assertThat(graces.path("byOwner").findValuesAsText("owner")).containsExactly("grace");
    assertThat(graces.path("bySweep")).isEmpty();
    assertThat(ops.path("realised").path("runs").asInt()).isZero();
    assertThat(ops.path("realised").path("savingPct").isNull()).isTrue();
    assertThat(ops.path("byDay")).isEmpty();
    assertThat(ops.path("accuracy")).isEmpty();
  }

  @Test
  void onlyRunsThatEndedInTheLastDaysCount() throws Exception {
    List<Run> runs = finished();
    Instant lastEnd = runs.stream().map(Run::end).max(Instant::compareTo).orElseThrow();
    clock.now = lastEnd.plusSeconds(60);

    JsonNode lastDay = savings(admin, "?days=1");
    JsonNode fortnight = savings(admin, "?days=14");

    Instant since = clock.now.minus(Duration.ofDays(1));
    List<Run> recent = only(runs, run -> !run.end().isBefore(since));
    assertThat(recent).hasSizeBetween(1, runs.size() - 1);
    assertThat(lastDay.path("days").asInt()).isEqualTo(1);
    assertSums(lastDay.path("realised"), recent);
    assertSums(fortnight.path("realised"), runs);

    clock.now = lastEnd.plus(Duration.ofDays(3));
    assertThat(savings(admin, "?days=2").path("realised").path("runs").asInt()).isZero();
    // A run that ended exactly N days ago still counts.
    assertSums(
        savings(admin, "?days=3").path("realised"), only(runs, run -> run.end().equals(lastEnd)));
  }

  @Test
  void thePlannedJobsExpectTheirPlansKgAgainstRunningNow() throws Exception {
    submit(ada, "train-a", 8, "A100", "4h", "36h");
    submit(ada, "train-b", 4, "H100", "2h", "48h");
    submit(grace, "train-a", 16, "A100", "3h", "36h");
    submit(ada, "waiting", 4, "H100", "2h", "48h");
    service.planCycle();
    // A queued job, not planned, counts nowhere.
    submit(ada, "queued", 4, "H100", "2h", "48h");

    JsonNode adas = savings(ada, "").path("planned");
    JsonNode everyone = savings(admin, "").path("planned");

    double kg = 0;
    double runNow = 0;
    for (String name : List.of("train-a", "train-b", "waiting")) {
      JsonNode plan = call("GET", "/v1/jobs/" + name, ada, null).json().path("plan");
      kg += plan.path("kgCo2e").asDouble();
      runNow += plan.path("runNowKgCo2e").asDouble();
    }
    assertThat(adas.path("jobs").asInt()).isEqualTo(3);
    assertThat(adas.path("kgCo2e").asDouble()).isCloseTo(kg, within(0.003));
    assertThat(adas.path("runNowKgCo2e").asDouble()).isCloseTo(runNow, within(0.003));
    assertThat(adas.path("savedKgCo2e").asDouble()).isCloseTo(runNow - kg, within(0.005));
    JsonNode graces = call("GET", "/v1/jobs/train-a", grace, null).json().path("plan");
    assertThat(everyone.path("jobs").asInt()).isEqualTo(4);
    assertThat(everyone.path("kgCo2e").asDouble())
        .isCloseTo(kg + graces.path("kgCo2e").asDouble(), within(0.004));
    assertThat(everyone.path("runNowKgCo2e").asDouble())
        .isCloseTo(runNow + graces.path("runNowKgCo2e").asDouble(), within(0.004));
    assertThat(savings(ada, "").path("realised").path("runs").asInt()).isZero();
  }

  @Test
  void aRunMeasuredOnAMarginalSignalIsCountedApart() throws Exception {
    List<Run> runs = finished();
    submit(ada, "moer", 1, "A100", "1h", "36h");
    FootprintStore footprints = new FootprintStore(database.dataSource());
    Footprint f = footprints.get(JobKeys.key("ada", "train-a")).orElseThrow();
    footprints.save(
        new Footprint(
            JobKeys.key("ada", "moer"),
            f.region(),
            f.zone(),
            f.pue(),
            f.start(),
            f.end(),
            f.gpuModel(),
            f.gpuHours(),
            f.energyKwh(),
            f.gpuKwh(),
            f.hostKwh(),
            f.measured(),
            f.hostShare(),
            f.energySource(),
            f.kgCo2e(),
            f.intensitySource(),
            f.runNow(),
            f.counterfactualKgCo2e(),
            f.predictedKgCo2e(),
            f.price(),
            SignalKind.MARGINAL));

    JsonNode adas = savings(ada, "");

    assertThat(adas.path("marginalRunsLeftOut").asInt()).isEqualTo(1);
    assertSums(adas.path("realised"), only(runs, run -> run.owner().equals("ada")));
    assertThat(savings(grace, "").path("marginalRunsLeftOut").asInt()).isZero();
  }

  static Footprint footprint(String id, Instant end, double kg, double predicted, double runNow) {
    return new Footprint(
        id,
        "gcp:europe-west3",
        "DE",
        1.1,
        end.minus(Duration.ofHours(2)),
        end,
        "A100",
        16,
        6.4,
        6.4,
        0,
        false,
        HostShare.NOT_COUNTED,
        "estimated",
        kg,
        "trace",
        new RunNow(RunNow.Basis.HOME, "gcp:europe-west3"),
        runNow,
        predicted,
        Optional.empty());
  }

  @Test
  void aForecastThatMissedShowsItsErrorAndRunsWithoutIntensityAreCountedApart() throws Exception {
    submit(ada, "train-a", 8, "A100", "4h", "36h");
    submit(ada, "train-b", 4, "H100", "2h", "36h");
    submit(ada, "train-c", 4, "H100", "2h", "36h");
    service.planCycle();
    FootprintStore footprints = new FootprintStore(database.dataSource());
    Instant end = NOW.minus(Duration.ofHours(1));
    // Measured runs whose realised emissions are not what their plans' forecasts predicted.
    footprints.save(footprint(JobKeys.key("ada", "train-a"), end, 2.0, 1.5, 3.0));
    // This one started the day before it ended: it counts on the day it ended.
    Instant pastMidnight = NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plusSeconds(3600);
    footprints.save(footprint(JobKeys.key("ada", "train-b"), pastMidnight, 3.0, 3.3, 3.5));
    footprints.save(footprint(JobKeys.key("ada", "train-c"), end, Double.NaN, 1.0, 2.0));
    List<Run> runs = new ArrayList<>();
    for (String name : List.of("train-a", "train-b", "train-c")) {
      JsonNode job = call("GET", "/v1/jobs/" + name, ada, null).json();
      runs.add(
          new Run(
              "ada",
              name,
              null,
              call("GET", "/v1/jobs/" + name + "/report", ada, null).json(),
              job.path("plan").path("forecastSource").asText()));
    }
    List<Run> measured = runs.subList(0, 2);
    assertThat(runs.get(2).report().path("kgCo2e").isNull()).isTrue();

    JsonNode savings = savings(ada, "");

    JsonNode realised = savings.path("realised");
    assertThat(realised.path("runs").asInt()).isEqualTo(3);
    assertThat(realised.path("runsWithoutIntensity").asInt()).isEqualTo(1);
    double kg = measured.stream().mapToDouble(Run::kg).sum();
    double runNow = measured.stream().mapToDouble(Run::runNow).sum();
    assertThat(realised.path("kgCo2e").asDouble()).isCloseTo(kg, within(0.001));
    assertThat(realised.path("runNowKgCo2e").asDouble()).isCloseTo(runNow, within(0.001));
    assertThat(realised.path("predictedKgCo2e").asDouble())
        .isCloseTo(measured.stream().mapToDouble(Run::predicted).sum(), within(0.001));
    assertThat(realised.path("savingPct").asDouble())
        .isCloseTo((runNow - kg) / runNow * 100, within(0.051));
    assertThat(runs.get(1).report().path("start").asText()).startsWith("2023-03-12");
    assertThat(savings.path("byDay").findValuesAsText("day"))
        .containsExactlyElementsOf(groups(runs, Run::day).keySet());
    JsonNode accuracy = savings.path("accuracy");
    assertThat(accuracy).hasSize(1);
    assertThat(accuracy.get(0).path("source").asText()).isEqualTo(runs.get(0).source());
    assertThat(accuracy.get(0).path("runs").asInt()).isEqualTo(2);
    double error =
        measured.stream().mapToDouble(run -> Math.abs(run.predicted() - run.kg()) / run.kg()).sum()
            / 2
            * 100;
    assertThat(error).isPositive();
    assertThat(accuracy.get(0).path("meanAbsErrorPct").asDouble()).isCloseTo(error, within(0.051));
  }

  @Test
  void theOpenApiDocumentDescribesTheSavings() throws Exception {
    JsonNode openApi = call("GET", "/v1/openapi.json", null, null).json();

    JsonNode savings = openApi.path("paths").path("/v1/savings").path("get");
    assertThat(savings.path("parameters").findValuesAsText("name"))
        .containsExactlyInAnyOrder("days", "scope");
    assertThat(savings.path("responses").fieldNames()).toIterable().contains("200", "400");
  }

  @Test
  void daysOutsideOneToAYearIsABadRequest() throws Exception {
    for (String query : List.of("?days=0", "?days=367", "?days=-1", "?days=1.5", "?days=week")) {
      Reply reply = call("GET", "/v1/savings" + query, ada, null);
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.json().path("detail").asText())
          .as(query)
          .startsWith("days must be a whole number from 1 to 366");
    }
    assertThat(call("GET", "/v1/savings?days=366", ada, null).status()).isEqualTo(200);
    assertThat(call("GET", "/v1/savings", null, null).status()).isEqualTo(401);
  }
}
