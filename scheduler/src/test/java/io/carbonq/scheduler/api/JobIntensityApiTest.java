package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.api.ApiServerTest.Reply;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/jobs/{id}/intensity}: the grid a job was planned on, and the grid it met. */
class JobIntensityApiTest extends ServedApiTest {

  JsonNode intensity(String token, String name) throws Exception {
    Reply reply = call("GET", "/v1/jobs/" + name + "/intensity", token, null);
    assertThat(reply.status()).as(String.valueOf(reply.json())).isEqualTo(200);
    return reply.json();
  }

  static double meanOf(JsonNode points) {
    double sum = 0;
    for (JsonNode point : points) {
      sum += point.path("gramsPerKwh").asDouble();
    }
    return sum / points.size();
  }

  @Test
  void aPlannedJobShowsTheForecastOverItsPlannedWindow() throws Exception {
    submit(ada, "train-a", 8, "A100", "4h", "36h");
    service.planCycle();
    JsonNode plan = call("GET", "/v1/jobs/train-a", ada, null).json().path("plan");

    JsonNode grid = intensity(ada, "train-a");

    assertThat(grid.path("kind").asText()).isEqualTo("forecast");
    assertThat(grid.path("start").asText()).isEqualTo(plan.path("start").asText());
    assertThat(grid.path("end").asText()).isEqualTo(plan.path("end").asText());
    assertThat(grid.path("zone").asText())
        .isEqualTo(fleet.region(plan.path("region").asText()).zone());
    // Hourly data over a 4-hour window that starts on the hour.
    assertThat(grid.path("points")).hasSize(4);
    assertThat(Instant.parse(grid.path("points").get(0).path("start").asText()))
        .isEqualTo(Instant.parse(plan.path("start").asText()));
    assertThat(grid.path("plannedMeanGramsPerKwh").asDouble())
        .isCloseTo(meanOf(grid.path("points")), within(0.05));
    assertThat(grid.path("metMeanGramsPerKwh").isNull()).isTrue();
  }

  @Test
  void aFinishedJobShowsTheGridItMetAndTheMeansPlannedAndMet() throws Exception {
    submit(ada, "train-a", 8, "A100", "4h", "36h");
    runAll();
    JsonNode report = call("GET", "/v1/jobs/train-a/report", ada, null).json();
    double gridKwh = report.path("energyKwh").asDouble() * report.path("pue").asDouble();

    JsonNode grid = intensity(ada, "train-a");

    assertThat(grid.path("kind").asText()).isEqualTo("actual");
    assertThat(grid.path("start").asText()).isEqualTo(report.path("start").asText());
    assertThat(grid.path("end").asText()).isEqualTo(report.path("end").asText());
    assertThat(grid.path("zone").asText()).isEqualTo(report.path("zone").asText());
    assertThat(grid.path("plannedMeanGramsPerKwh").asDouble())
        .isCloseTo(report.path("predictedKgCo2e").asDouble() * 1000 / gridKwh, within(0.5));
    assertThat(grid.path("metMeanGramsPerKwh").asDouble())
        .isCloseTo(report.path("kgCo2e").asDouble() * 1000 / gridKwh, within(0.5));
    assertThat(grid.path("points")).isNotEmpty();
    assertThat(Instant.parse(grid.path("points").get(0).path("start").asText()))
        .isBeforeOrEqualTo(Instant.parse(report.path("start").asText()));
  }

  @Test
  void aJobNotPlannedHasNoWindowAndAnotherOwnersJobIsNotSeen() throws Exception {
    submit(ada, "train-a", 8, "A100", "4h", "36h");

    Reply unplanned = call("GET", "/v1/jobs/train-a/intensity", ada, null);
    service.planCycle();
    Reply others = call("GET", "/v1/jobs/train-a/intensity", grace, null);

    assertThat(unplanned.status()).isEqualTo(404);
    assertThat(unplanned.json().path("type").asText()).endsWith("/no-window");
    assertThat(others.status()).isEqualTo(404);
    assertThat(call("GET", "/v1/jobs/train-a/intensity?owner=ada", admin, null).status())
        .isEqualTo(200);
  }
}
