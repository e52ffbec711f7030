package io.carbonq.scheduler.forecast;

import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.hourly;
import static io.carbonq.scheduler.TestData.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecastRevisionsTest {
  private final ForecastRevisions revisions = new ForecastRevisions(Duration.ofHours(1));

  @Test
  void oneIssueSaysNothingYet() {
    revisions.observe("Z1", hourly("Z1", T0, 100, 200, 300), T0);

    assertThat(revisions.gramsPerKwhByZone()).isEmpty();
  }

  @Test
  void theRevisionIsTheRootMeanSquareChangeOverThePeriodsBothIssuesCover() {
    revisions.observe("Z1", hourly("Z1", T0, 100, 200, 300, 400), T0);
    // An hour later: the first hour is gone, a new last hour comes; of the three shared hours one
    // moved by 30 and two by 0.
    revisions.observe("Z1", hourly("Z1", hours(1), 230, 300, 400, 999), hours(1));

    assertThat(revision("Z1")).isCloseTo(Math.sqrt(30 * 30 / 3.0), within(1e-9));
  }

  @Test
  void aForecastFetchedAgainWithinTheIntervalIsNotANewIssue() {
    revisions.observe("Z1", hourly("Z1", T0, 100.3, 200.7), T0);
    revisions.observe("Z1", hourly("Z1", T0, 110.3, 190.7), hours(1));

    // Sooner than an hour after the last issue: even a changed forecast is not counted.
    revisions.observe("Z1", hourly("Z1", T0, 410.3, 190.7), hours(1).plusSeconds(1800));
    // Older than the last issue: not counted either.
    revisions.observe("Z1", hourly("Z1", T0, 510.3, 190.7), T0.plusSeconds(60));

    assertThat(revision("Z1")).isCloseTo(10, within(1e-9));
  }

  @Test
  void theSameIssueAgainIsNotCountedAsASteadyOneEvenWhenItsMeansRound() {
    // Values whose mean over their own period does not round back to themselves exactly.
    double odd = 407.8371045045635;
    revisions.observe("Z1", hourly("Z1", T0, odd, odd + 10), T0);
    revisions.observe("Z1", hourly("Z1", T0, odd + 10, odd), hours(1));

    revisions.observe("Z1", hourly("Z1", T0, odd + 10, odd), hours(2));

    assertThat(revision("Z1")).isCloseTo(10, within(1e-9));
  }

  @Test
  void laterIssuesWeighAboutADayOfIssues() {
    revisions.observe("Z1", hourly("Z1", T0, 100, 100), T0);
    revisions.observe("Z1", hourly("Z1", T0, 110, 110), hours(1));

    revisions.observe("Z1", hourly("Z1", T0, 130, 130), hours(2));

    // Mean squares 100, then 400 weighed 1/24.
    assertThat(revision("Z1")).isCloseTo(Math.sqrt(100 + (400 - 100) / 24.0), within(1e-9));
  }

  @Test
  void zonesAreKeptApartByTheirKeyAndGapsAreSkipped() {
    Instant later = hours(1);
    revisions.observe("Z1", hourly("Z1", T0, 100, Double.NaN, 300), T0);
    revisions.observe("Z2", hourly("Z1", T0, 500, 500, 500), T0);

    revisions.observe("Z1", hourly("Z1", T0, 120, 250, 280), later);

    assertThat(revisions.gramsPerKwhByZone()).containsOnlyKeys("Z1");
    assertThat(revision("Z1")).isCloseTo(20, within(1e-9));
  }

  @Test
  void issuesFromAnotherSourceAreNotCompared() {
    revisions.observe("Z1", hourly("Z1", T0, 100, 200), T0);
    revisions.observe("Z1", hourly("Z1", T0, 110, 190), hours(1));

    // A fallback answers for the provider, then the provider again: neither change is counted.
    revisions.observe("Z1", hourly("Z1", T0, 400, 400).withSource("fallback"), hours(2));
    revisions.observe("Z1", hourly("Z1", T0, 110, 190), hours(3));

    assertThat(revision("Z1")).isCloseTo(10, within(1e-9));
  }

  private double revision(String zone) {
    return revisions.gramsPerKwhByZone().get(zone);
  }
}
