package io.carbonq.config;

import java.util.Objects;

/** What one GPU-hour in a pool costs, in {@code currency} (an ISO 4217 code such as USD). */
public record GpuHourPrice(double perGpuHour, String currency) {
  /** The currency a price is in when carbonq.yaml does not say. */
  public static final String DEFAULT_CURRENCY = "USD";

  public GpuHourPrice {
    Objects.requireNonNull(currency, "currency");
    if (!(perGpuHour > 0) || Double.isInfinite(perGpuHour)) {
      throw new IllegalArgumentException("price per GPU-hour must be > 0, got " + perGpuHour);
    }
    if (!currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code, got " + currency);
    }
  }

  /** The cost of {@code gpuHours} GPU-hours. */
  public double cost(double gpuHours) {
    return perGpuHour * gpuHours;
  }
}
