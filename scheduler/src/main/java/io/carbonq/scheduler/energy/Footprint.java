package io.carbonq.scheduler.energy;

import io.carbonq.config.GpuHourPrice;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.RunNow;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a finished run cost, and what carbonq saved: its energy (the GPUs' measured or estimated,
 * the host's measured, estimated or not counted, as {@code hostShare} says), the kgCO2e with the
 * measured intensity over its intervals and the region's PUE, and the counterfactual — the same
 * energy profile had it started at submission where {@code runNow} says (its home, or without one
 * the region it ran in), with that region's measured intensity. NaN where no intensity data covered
 * the run. {@code price} is its pool's price of a GPU-hour when it finished, where stated. {@code
 * intensitySignal} says whether the intensity was the grid's average (location-based) or a marginal
 * one (WattTime's MOER): a marginal figure is never added into location-based totals.
 */
public record Footprint(
    String jobId,
    String region,
    String zone,
    double pue,
    Instant start,
    Instant end,
    String gpuModel,
    double gpuHours,
    double energyKwh,
    double gpuKwh,
    double hostKwh,
    boolean measured,
    HostShare hostShare,
    String energySource,
    double kgCo2e,
    String intensitySource,
    RunNow runNow,
    double counterfactualKgCo2e,
    double predictedKgCo2e,
    Optional<GpuHourPrice> price,
    SignalKind intensitySignal) {

  public Footprint {
    Objects.requireNonNull(hostShare, "hostShare");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(intensitySignal, "intensitySignal");
  }

  /** A footprint on the grid's average intensity, the location-based basis. */
  public Footprint(
      String jobId,
      String region,
      String zone,
      double pue,
      Instant start,
      Instant end,
      String gpuModel,
      double gpuHours,
      double energyKwh,
      double gpuKwh,
      double hostKwh,
      boolean measured,
      HostShare hostShare,
      String energySource,
      double kgCo2e,
      String intensitySource,
      RunNow runNow,
      double counterfactualKgCo2e,
      double predictedKgCo2e,
      Optional<GpuHourPrice> price) {
    this(
        jobId,
        region,
        zone,
        pue,
        start,
        end,
        gpuModel,
        gpuHours,
        energyKwh,
        gpuKwh,
        hostKwh,
        measured,
        hostShare,
        energySource,
        kgCo2e,
        intensitySource,
        runNow,
        counterfactualKgCo2e,
        predictedKgCo2e,
        price,
        SignalKind.AVERAGE);
  }

  /** This footprint with its intensity counted as {@code signal}. */
  public Footprint withIntensitySignal(SignalKind signal) {
    return new Footprint(
        jobId,
        region,
        zone,
        pue,
        start,
        end,
        gpuModel,
        gpuHours,
        energyKwh,
        gpuKwh,
        hostKwh,
        measured,
        hostShare,
        energySource,
        kgCo2e,
        intensitySource,
        runNow,
        counterfactualKgCo2e,
        predictedKgCo2e,
        price,
        signal);
  }

  public boolean marginal() {
    return intensitySignal == SignalKind.MARGINAL;
  }

  public double savedKgCo2e() {
    return counterfactualKgCo2e - kgCo2e;
  }

  /** GPU-hours × the price of one, where the pool states a price. */
  public Optional<Double> cost() {
    return price.map(p -> p.cost(gpuHours));
  }
}
