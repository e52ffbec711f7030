package io.carbonq.scheduler.energy;

import io.carbonq.scheduler.planning.Segment;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The host share (CPUs, memory) of a run that no meter measured: the pool's host watts per GPU ×
 * the GPUs the job holds, drawn at a constant rate while it ran. A job holding g of a node's n GPUs
 * draws g/n of the node's host power, so per GPU held is the whole rule.
 */
public final class HostEstimate {
  private HostEstimate() {}

  /**
   * {@code profile} with the estimated host energy added interval by interval, labelled; unchanged
   * where a meter measured the host. Without a host figure ({@code wattsPerGpu} 0) the host is not
   * counted, and the profile says so.
   *
   * @param pieces what the run ran in, for when it drew host power
   * @param basis where the watts come from, for the energy source text
   */
  public static EnergyProfile added(
      EnergyProfile profile, double wattsPerGpu, int gpus, List<Segment> pieces, String basis) {
    if (profile.hostShare() == HostShare.MEASURED) {
      return profile;
    }
    if (!(wattsPerGpu > 0)) {
      return profile.withHost(profile.kwh(), 0, HostShare.NOT_COUNTED, profile.source());
    }
    double watts = wattsPerGpu * gpus;
    double[] kwh = profile.kwh().clone();
    double host = 0;
    for (int i = 0; i < kwh.length; i++) {
      Instant from = profile.start().plus(profile.step().multipliedBy(i));
      Instant to = from.plus(profile.step());
      double intervalKwh = watts * RunCoverage.seconds(from, to, pieces) / 3.6e6;
      kwh[i] += intervalKwh;
      host += intervalKwh;
    }
    String source =
        String.format(
            Locale.ROOT,
            "%s; host estimated: %d × %.1f W per GPU (%s)",
            profile.source(),
            gpus,
            wattsPerGpu,
            basis);
    return profile.withHost(kwh, host, HostShare.ESTIMATED, source);
  }
}
