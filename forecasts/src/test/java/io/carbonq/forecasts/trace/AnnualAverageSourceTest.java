package io.carbonq.forecasts.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.UnknownZoneException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnnualAverageSourceTest {
  final AnnualAverageSource source = AnnualAverageSource.bundled();

  @Test
  void aFlatSeriesAtThePublishedAverageOverTheWholeHorizon() {
    Instant issued = Instant.parse("2023-06-01T10:30:00Z");
    IntensitySeries series = source.forecast("NL", issued, Duration.ofHours(24));

    assertThat(series.values()).hasSize(25).containsOnly(208.81);
    assertThat(series.meanGramsPerKwh(issued, issued.plus(Duration.ofHours(24)))).isEqualTo(208.81);
    assertThat(series.source())
        .isEqualTo("annual-average 2024 (Google Cloud region-carbon-info, europe-west4)");
  }

  @Test
  void knowsNoZoneThatHasAnHourlyTrace() {
    assertThat(source.zones()).doesNotContainAnyElementsOf(TraceLibrary.bundled().zones());
    assertThatThrownBy(() -> source.actuals("DE", Instant.EPOCH, Instant.EPOCH.plusSeconds(60)))
        .isInstanceOf(UnknownZoneException.class);
  }
}
