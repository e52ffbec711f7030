package io.carbonq.scheduler.testing;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Germany's grid on a made-up day: 100 gCO2e/kWh from 00:00 to 02:00 and from 06:00 to 08:00 UTC on
 * {@link #MONDAY}, 500 at every other hour; forecasts come true.
 */
public final class TwoValleys implements ForecastSource {
  public static final Instant MONDAY = Instant.parse("2023-03-13T00:00:00Z");

  /**
   * A four-hour training run on 8 A100s in Germany, due by 10:00: the 4 h of the two clean valleys
   * hold it if it may pause.
   */
  public static Workload fourHourJob(String id, boolean interruptible) {
    return Workload.builder(id)
        .owner("ada")
        .image("ghcr.io/lab/train:1.4")
        .gpus(8)
        .gpuModels(Set.of("A100"))
        .duration(Duration.ofHours(4))
        .earliestStart(MONDAY)
        .deadline(MONDAY.plus(Duration.ofHours(10)))
        .regions(List.of("gcp:europe-west3"))
        .interruptible(interruptible)
        .build();
  }

  /** The intensity of the hour that starts at {@code hour}. */
  public static double intensity(Instant hour) {
    long h = Duration.between(MONDAY, hour).toHours();
    return (h >= 0 && h < 2) || (h >= 6 && h < 8) ? 100 : 500;
  }

  @Override
  public String id() {
    return "two-valleys";
  }

  @Override
  public Set<String> zones() {
    return Set.of("DE");
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    return hourly(zone, issuedAt, issuedAt.plus(horizon), DataKind.FORECAST);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    return hourly(zone, from, to, DataKind.ACTUAL);
  }

  private IntensitySeries hourly(String zone, Instant from, Instant to, DataKind kind) {
    Instant start = from.truncatedTo(ChronoUnit.HOURS);
    int hours = (int) Math.max(1, Duration.between(start, to).toHours() + 1);
    double[] values = new double[hours];
    for (int i = 0; i < hours; i++) {
      values[i] = intensity(start.plus(Duration.ofHours(i)));
    }
    return new IntensitySeries(
        zone, start, Duration.ofHours(1), values, SignalKind.AVERAGE, kind, id());
  }
}
