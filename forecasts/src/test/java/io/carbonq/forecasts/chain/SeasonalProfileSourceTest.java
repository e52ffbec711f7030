package io.carbonq.forecasts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.SeasonalProfileSource;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SeasonalProfileSourceTest {

  @Test
  void eachHourIsTheMeanOfTheSameHourOfWeekOverTheLatestYear() {
    TraceLibrary library = TraceLibrary.bundled();
    SeasonalProfileSource profile = new SeasonalProfileSource(library);
    // Thursday 2026-11-26 14:00 UTC; the latest bundled year of DE is 2023.
    Instant thursdayAfternoon = Instant.parse("2026-11-26T14:00:00Z");

    IntensitySeries series = profile.forecast("DE", thursdayAfternoon, Duration.ofHours(3));

    IntensitySeries year =
        new TraceForecastSource(library)
            .actuals(
                "DE", Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"));
    double sum = 0;
    int count = 0;
    for (int i = 0; i < year.size(); i++) {
      var time = year.timeOf(i).atZone(ZoneOffset.UTC);
      if (time.getDayOfWeek() == java.time.DayOfWeek.THURSDAY && time.getHour() == 14) {
        sum += year.gramsPerKwh(i);
        count++;
      }
    }
    assertThat(count).isEqualTo(52);
    assertThat(series.gramsPerKwh(0)).isCloseTo(sum / count, within(1e-9));
    assertThat(series.source()).isEqualTo("seasonal-profile (DE 2023 hour-of-week means)");
  }
}
