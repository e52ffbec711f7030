package io.carbonq.scheduler.forecast;

import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.hourly;
import static io.carbonq.scheduler.TestData.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForecastRevisionsTest {

  @Test
  void oneIssueSaysNothingYet() {
    ForecastRevisions revisions = new ForecastRevisions();

    revisions.observe(hourly("Z1", T0, 100, 200, 300));

    assertThat(revisions.byZone()).isEmpty();
  }

  @Test
  void theRevisionIsTheRootMeanSquareChangeOverThePeriodsBothIssuesCover() {
    ForecastRevisions revisions = new ForecastRevisions();

    revisions.observe(hourly("Z1", T0, 100, 200, 300, 400));
    // An hour later: the first hour is gone, a new last hour comes; of the three shared hours one
    // moved by 30 and two by 0.
    revisions.observe(hourly("Z1", hours(1), 230, 300, 400, 999));

    assertThat(revisions.byZone().get("Z1")).isCloseTo(Math.sqrt(30 * 30 / 3.0), within(1e-9));
  }

  @Test
  void theSameIssueFetchedAgainIsNotCountedAsASteadyOne() {
    ForecastRevisions revisions = new ForecastRevisions();
    revisions.observe(hourly("Z1", T0, 100, 200));
    revisions.observe(hourly("Z1", T0, 110, 190));

    revisions.observe(hourly("Z1", T0, 110, 190));

    assertThat(revisions.byZone().get("Z1")).isCloseTo(10, within(1e-9));
  }

  @Test
  void laterIssuesWeighAboutADayOfIssues() {
    ForecastRevisions revisions = new ForecastRevisions();
    revisions.observe(hourly("Z1", T0, 100));
    revisions.observe(hourly("Z1", T0, 110));

    revisions.observe(hourly("Z1", T0, 130));

    // Mean squares 100, then 400 weighed 1/24.
    assertThat(revisions.byZone().get("Z1"))
        .isCloseTo(Math.sqrt(100 + (400 - 100) / 24.0), within(1e-9));
  }

  @Test
  void zonesAreKeptApartAndGapsAreSkipped() {
    ForecastRevisions revisions = new ForecastRevisions();
    revisions.observe(hourly("Z1", T0, 100, Double.NaN, 300));
    revisions.observe(hourly("Z2", T0, 500, 500, 500));

    revisions.observe(hourly("Z1", T0, 120, 250, 280));

    assertThat(revisions.byZone()).containsOnlyKeys("Z1");
    assertThat(revisions.byZone().get("Z1")).isCloseTo(20, within(1e-9));
  }
}
