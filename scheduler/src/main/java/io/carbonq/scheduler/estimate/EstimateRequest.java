package io.carbonq.scheduler.estimate;

import io.carbonq.scheduler.domain.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to estimate: {@code gpus} devices of {@code gpuModel} for {@code duration} in {@code region}
 * from {@code start}, and how far the start may move ({@code within}, in steps of {@code step})
 * when looking for a cleaner alternative.
 */
public record EstimateRequest(
    String gpuModel,
    int gpus,
    Duration duration,
    Region region,
    Instant start,
    Duration within,
    Duration step) {

  private static final String ZONE = "zone ";

  /** A place given by its grid zone alone, with no cloud region: named {@code zone DE}. */
  public static Region zoneOnly(String zone, double pue) {
    return new Region(ZONE + zone, zone, pue);
  }

  /** Whether the place is a grid zone alone ({@link #zoneOnly}), not a cloud region. */
  public boolean byZone() {
    return region.name().equals(ZONE + region.zone());
  }

  public EstimateRequest {
    Objects.requireNonNull(gpuModel, "gpuModel");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(start, "start");
    if (gpus <= 0) {
      throw new IllegalArgumentException("gpus must be > 0, got " + gpus);
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    if (within.isNegative()) {
      throw new IllegalArgumentException("within must not be negative, got " + within);
    }
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive, got " + step);
    }
  }
}
