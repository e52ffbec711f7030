package io.carbonq.scheduler.energy;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One finished run in the bases a reader of a sustainability report asks for, each labelled:
 *
 * <ul>
 *   <li><b>location-based</b> (GHG Protocol scope 2): the run's energy with PUE × the hourly grid
 *       intensity where and when it ran, what carbonq measures;
 *   <li><b>market-based</b>: the same less the share of the region's energy its operator matches
 *       with carbon-free energy (a provider's published CFE share, or one stated in carbonq.yaml);
 *       empty where no share is known;
 *   <li><b>SCI</b> (Green Software Foundation, ISO/IEC 21031:2024): (E × I + M) per R, with R one
 *       run, E × I the location-based figure, and M the embodied emissions of the GPUs it held
 *       (each device with its share of its server) spread over the hardware's life by the time the
 *       run held them; empty where no embodied figure is known for the model.
 * </ul>
 */
public record CarbonAccounts(
    double locationKg,
    OptionalDouble marginalKg,
    OptionalDouble marketKg,
    String marketBasis,
    OptionalDouble embodiedKg,
    String embodiedBasis,
    OptionalDouble sciKgPerRun,
    OptionalDouble embodiedKgPerDevice,
    Duration lifetime) {

  public static final String SCI_UNIT = "one training run";

  public CarbonAccounts {
    Objects.requireNonNull(marginalKg, "marginalKg");
    Objects.requireNonNull(marketKg, "marketKg");
    Objects.requireNonNull(embodiedKg, "embodiedKg");
    Objects.requireNonNull(sciKgPerRun, "sciKgPerRun");
    Objects.requireNonNull(embodiedKgPerDevice, "embodiedKgPerDevice");
    Objects.requireNonNull(lifetime, "lifetime");
  }

  /**
   * The accounts of {@code footprint}, a run on {@code gpus} devices of its model.
   *
   * @param embodiedKgPerGpu making one device with its server share, where known
   * @param lifetime how long the hardware serves, over which M is spread
   * @param carbonFreeShare the region's matched carbon-free share (0–1), where known
   */
  public static CarbonAccounts of(
      Footprint footprint,
      OptionalDouble embodiedKgPerGpu,
      String embodiedSource,
      Duration lifetime,
      OptionalDouble carbonFreeShare,
      String carbonFreeSource) {
    double operational = footprint.kgCo2e();
    double location = footprint.marginal() ? Double.NaN : operational;
    OptionalDouble marginal =
        footprint.marginal() && !Double.isNaN(operational)
            ? OptionalDouble.of(operational)
            : OptionalDouble.empty();
    OptionalDouble market =
        carbonFreeShare.isPresent() && !Double.isNaN(location)
            ? OptionalDouble.of(location * (1 - carbonFreeShare.getAsDouble()))
            : OptionalDouble.empty();
    String marketBasis =
        footprint.marginal()
            ? "none: the run's intensity is marginal, and a market-based figure adjusts a"
                + " location-based one"
            : carbonFreeShare.isPresent()
                ? String.format(
                    java.util.Locale.ROOT,
                    "location-based less %.0f%% carbon-free energy of %s (%s)",
                    100 * carbonFreeShare.getAsDouble(),
                    footprint.region(),
                    carbonFreeSource)
                : "no carbon-free energy share known for "
                    + footprint.region()
                    + " (set carbonFreeShare on the region in carbonq.yaml)";
    OptionalDouble embodied = OptionalDouble.empty();
    String embodiedBasis;
    if (embodiedKgPerGpu.isPresent()) {
      // The SCI's M = TE × (TiR / EL) × (RR / ToR): per device, the GPU-hours held over its life.
      double lifeHours = lifetime.toSeconds() / 3600.0;
      embodied =
          OptionalDouble.of(embodiedKgPerGpu.getAsDouble() * footprint.gpuHours() / lifeHours);
      embodiedBasis =
          String.format(
              java.util.Locale.ROOT,
              "%s: %.1f kgCO2e per device with its server share (%s) over %.0f h of life",
              footprint.gpuModel(),
              embodiedKgPerGpu.getAsDouble(),
              embodiedSource,
              lifeHours);
    } else {
      embodiedBasis =
          "no embodied figure for "
              + footprint.gpuModel()
              + " (set embodiedKg on its gpus entry in carbonq.yaml)";
    }
    OptionalDouble sci =
        embodied.isPresent() && !Double.isNaN(operational)
            ? OptionalDouble.of(operational + embodied.getAsDouble())
            : OptionalDouble.empty();
    return new CarbonAccounts(
        location,
        marginal,
        market,
        marketBasis,
        embodied,
        embodiedBasis,
        sci,
        embodiedKgPerGpu,
        lifetime);
  }
}
