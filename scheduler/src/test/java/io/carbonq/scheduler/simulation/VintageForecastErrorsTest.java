package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.scheduler.simulation.ForecastVintages.Vintage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class VintageForecastErrorsTest {
  static final IntensitySeries GB = ForecasterTest.GB;
  static final Instant APRIL = Instant.parse("2023-04-01T00:00:00Z");
  static final VintageErrorModel MODEL = VintageErrorModel.fittedOnUkVintages();
  static final double GB_SWING = DayToDaySwing.gramsPerKwh(GB);
  static final Duration TWO_DAYS = Duration.ofHours(48);

  @Test
  void replaysTheErrorOfTheLatestVintageForGbInsideItsIssueRange() {
    Forecaster forecaster = new Forecaster(ForecastMode.UK_VINTAGES, 11, ForecasterTest.UK);

    // Issued at 10:00 and read at 10:20: each hour's error is the mean of its two half hours'.
    Map<Instant, Double> issuedAtTen = publishedErrors("2023-03-15T10:00:00Z");
    IntensitySeries forecast =
        forecaster.forecast(GB, Instant.parse("2023-03-15T10:20:00Z"), TWO_DAYS);
    int checked = 0;
    for (int h = 0; h < forecast.size(); h++) {
      Instant from = forecast.timeOf(h);
      Double first = issuedAtTen.get(from);
      Double second = issuedAtTen.get(from.plus(ForecastVintages.PERIOD));
      if (first != null && second != null) {
        assertThat(forecast.gramsPerKwh(h) - GB.gramsPerKwhAt(from))
            .as("period %s", from)
            .isCloseTo((first + second) / 2, within(1e-9));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(40);

    // The 00:00 issue is missing: at 00:10 the scheduler still holds the one of 23:30.
    Map<Instant, Double> issuedBefore = publishedErrors("2023-03-14T23:30:00Z");
    IntensitySeries afterGap =
        forecaster.forecast(GB, Instant.parse("2023-03-15T00:10:00Z"), TWO_DAYS);
    Instant midnight = Instant.parse("2023-03-15T00:00:00Z");
    assertThat(afterGap.gramsPerKwh(0) - GB.gramsPerKwhAt(midnight))
        .isCloseTo(
            (issuedBefore.get(midnight) + issuedBefore.get(midnight.plus(ForecastVintages.PERIOD)))
                / 2,
            within(1e-9));
  }

  @Test
  void fallsBackToTheModelBeyondTheVintagesLeadsAndIssueRange() {
    VintageForecastErrors withVintages =
        new VintageForecastErrors(ForecastVintages.ukNational(), MODEL, GB_SWING, 11);
    VintageForecastErrors modelOnly = new VintageForecastErrors(longAgo(), MODEL, GB_SWING, 11);

    // Issued at 12:00 on the last day, the vintage reaches the period of 17:30 and no further.
    Instant issuedAt = Instant.parse("2023-03-17T12:00:00Z");
    double[] replayed = withVintages.errors(GB, issuedAt, index(issuedAt), 48);
    double[] modelled = modelOnly.errors(GB, issuedAt, index(issuedAt), 48);
    Map<Instant, Double> published = publishedErrors("2023-03-17T12:00:00Z");
    for (int h = 0; h < 48; h++) {
      Instant from = issuedAt.plus(Duration.ofHours(h));
      double expected =
          h < 6
              ? (published.get(from) + published.get(from.plus(ForecastVintages.PERIOD))) / 2
              : modelled[h];
      assertThat(replayed[h]).as("period %s", from).isCloseTo(expected, within(1e-9));
    }
    for (String outside : List.of("2023-03-14T02:59:00Z", "2023-03-17T18:00:00Z")) {
      Instant time = Instant.parse(outside);
      assertThat(withVintages.errors(GB, time, index(time), 48))
          .containsExactly(modelOnly.errors(GB, time, index(time), 48));
    }
  }

  @Test
  void modelledErrorsHaveTheFittedMeanAbsoluteErrorAndCorrelations() {
    VintageForecastErrors errors =
        new VintageForecastErrors(ForecastVintages.ukNational(), MODEL, GB_SWING, 5);
    double[][] sample = sample(errors, GB, 24 * 240);

    for (int[] band : new int[][] {{0, 6}, {6, 24}, {24, 48}}) {
      double sampled = 0;
      double fitted = 0;
      for (int lead = band[0]; lead < band[1]; lead++) {
        for (double[] issue : sample) {
          sampled += Math.abs(issue[lead]) / sample.length;
        }
        fitted += MODEL.meanAbsoluteErrorGramsPerKwh(lead);
      }
      assertThat(sampled).as("leads %s", band).isCloseTo(fitted, withinPercentage(5));
    }
    assertThat(sameTargetCorrelation(sample, 1, 23))
        .isCloseTo(MODEL.issueCorrelation(1), within(0.02));
    assertThat(sameTargetCorrelation(sample, 6, 18))
        .isCloseTo(MODEL.issueCorrelation(6), within(0.03));
    assertThat(sameIssueCorrelation(sample, 1, 12))
        .isCloseTo(MODEL.periodCorrelation().lagOneHour(), within(0.03));
  }

  @Test
  void givesTheSameForecastForAnIssueTimeWhateverWasAskedBefore() {
    Instant june = Instant.parse("2023-06-01T10:00:00Z");
    Instant august = Instant.parse("2023-08-01T10:00:00Z");
    Instant hourBeforeJune = june.minus(Duration.ofHours(1));
    Forecaster forward = new Forecaster(ForecastMode.UK_VINTAGES, 3, ForecasterTest.UK);
    Forecaster backward = new Forecaster(ForecastMode.UK_VINTAGES, 3, ForecasterTest.UK);

    IntensitySeries juneFirst = forward.forecast(GB, june, Duration.ofDays(40));
    IntensitySeries augustAfterJune = forward.forecast(GB, august, Duration.ofDays(40));
    IntensitySeries augustFirst = backward.forecast(GB, august, Duration.ofDays(40));
    IntensitySeries hourBeforeAfterAugust = backward.forecast(GB, hourBeforeJune, TWO_DAYS);
    IntensitySeries juneAfterAugust = backward.forecast(GB, june, Duration.ofDays(40));

    assertThat(augustFirst).isEqualTo(augustAfterJune);
    assertThat(juneAfterAugust).isEqualTo(juneFirst);
    assertThat(hourBeforeAfterAugust)
        .isEqualTo(forward.forecast(GB, hourBeforeJune, TWO_DAYS))
        .isNotEqualTo(
            new Forecaster(ForecastMode.UK_VINTAGES, 4, ForecasterTest.UK)
                .forecast(GB, hourBeforeJune, TWO_DAYS));
  }

  @Test
  void aFlatterZoneGetsProportionallySmallerErrors() {
    VintageForecastErrors errors =
        new VintageForecastErrors(ForecastVintages.ukNational(), MODEL, GB_SWING, 7);
    double[] halfSwing = GB.values();
    for (int i = 0; i < halfSwing.length; i++) {
      halfSwing[i] = 60 + halfSwing[i] / 2;
    }
    IntensitySeries flatterGb = ForecasterTest.hourly("GB", hour -> halfSwing[hour]);
    Instant issuedAt = Instant.parse("2023-07-03T06:00:00Z");

    double[] gbErrors = errors.errors(GB, issuedAt, index(issuedAt), 48);
    double[] flatterErrors = errors.errors(flatterGb, issuedAt, index(issuedAt), 48);
    for (int h = 0; h < 48; h++) {
      assertThat(flatterErrors[h]).isCloseTo(gbErrors[h] / 2, within(1e-9));
    }

    IntensitySeries sg =
        new TraceForecastSource(TraceLibrary.bundled())
            .actuals("SG", ForecasterTest.YEAR, ForecasterTest.YEAR.plus(Duration.ofDays(365)));
    double sgMae = meanAbsolute(sample(errors, sg, 24 * 120));
    double gbMae = meanAbsolute(sample(errors, GB, 24 * 120));
    assertThat(sgMae / gbMae)
        .isCloseTo(errors.scale(sg) / errors.scale(GB), withinPercentage(10))
        .isLessThan(0.2);
  }

  /** The errors of forecasts issued every hour from April, two days ahead. */
  private static double[][] sample(
      VintageForecastErrors errors, IntensitySeries actual, int issues) {
    double[][] sample = new double[issues][];
    for (int i = 0; i < issues; i++) {
      Instant issuedAt = APRIL.plus(Duration.ofHours(i));
      sample[i] = errors.errors(actual, issuedAt, index(issuedAt), 48);
    }
    return sample;
  }

  /** The correlation of the errors for one target hour, {@code lag} hours of issue apart. */
  private static double sameTargetCorrelation(double[][] sample, int lag, int laterLead) {
    int n = sample.length - lag;
    double[] earlier = new double[n];
    double[] later = new double[n];
    for (int i = 0; i < n; i++) {
      earlier[i] = sample[i][laterLead + lag];
      later[i] = sample[i + lag][laterLead];
    }
    return pearson(earlier, later);
  }

  private static double sameIssueCorrelation(double[][] sample, int lag, int lead) {
    double[] first = new double[sample.length];
    double[] second = new double[sample.length];
    for (int i = 0; i < sample.length; i++) {
      first[i] = sample[i][lead];
      second[i] = sample[i][lead + lag];
    }
    return pearson(first, second);
  }

  private static double pearson(double[] x, double[] y) {
    double meanX = Arrays.stream(x).average().orElseThrow();
    double meanY = Arrays.stream(y).average().orElseThrow();
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int i = 0; i < x.length; i++) {
      xy += (x[i] - meanX) * (y[i] - meanY);
      xx += (x[i] - meanX) * (x[i] - meanX);
      yy += (y[i] - meanY) * (y[i] - meanY);
    }
    return xy / Math.sqrt(xx * yy);
  }

  private static double meanAbsolute(double[][] sample) {
    return Arrays.stream(sample)
        .flatMapToDouble(Arrays::stream)
        .map(Math::abs)
        .average()
        .orElseThrow();
  }

  private static int index(Instant time) {
    return (int) Duration.between(ForecasterTest.YEAR, time).toHours();
  }

  /** Vintages that apply nowhere near 2023, so every error comes from the model. */
  private static ForecastVintages longAgo() {
    return new ForecastVintages(
        List.of(
            new Vintage(
                Instant.parse("2000-01-01T00:00:00Z"), new double[] {100}, new double[] {90})));
  }

  /** Forecast minus actual by period of one issue, read straight from the published file. */
  private static Map<Instant, Double> publishedErrors(String issuedAt) {
    Map<Instant, Double> errors = new HashMap<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    ForecastVintages.class.getResourceAsStream(
                        "uk_national_vintages_2023-03-14_2023-03-17.csv.gz")),
                StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] cells = line.split(",", -1);
        if (cells[0].equals(issuedAt) && !cells[4].isEmpty()) {
          errors.put(
              Instant.parse(cells[1]), Double.parseDouble(cells[3]) - Double.parseDouble(cells[4]));
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return errors;
  }
}
