package io.carbonq.scheduler.energy;

import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The estimate where no meter exists: GPUs × rated power (TDP) × utilisation, spread evenly over
 * the run in 5-minute intervals (none while it paused), flagged as estimated. The GPUs' alone:
 * {@link HostEstimate} adds the host's share where the pool states one.
 */
public final class TdpEstimate {
  private static final Duration STEP = Duration.ofMinutes(5);
  private final GpuPowerModel power;

  public TdpEstimate(GpuPowerModel power) {
    this.power = power;
  }

  /**
   * The estimate of a run from {@code start} to {@code end} that drew power only in {@code pieces}
   * (all of it when it never paused).
   */
  public EnergyProfile estimate(
      QueuedJob job, String gpuModel, Instant start, Instant end, List<Segment> pieces) {
    double watts =
        power.wattsByModel().getOrDefault(gpuModel, 0.0)
            * power.utilisation()
            * job.workload().gpus();
    long seconds = Math.max(0, Duration.between(start, end).toSeconds());
    int intervals = (int) Math.max(1, (seconds + STEP.toSeconds() - 1) / STEP.toSeconds());
    double[] kwh = new double[intervals];
    long runSeconds = 0;
    for (int i = 0; i < intervals; i++) {
      Instant from = start.plus(STEP.multipliedBy(i));
      Instant to = from.plus(STEP).isAfter(end) ? end : from.plus(STEP);
      long covered = RunCoverage.seconds(from, to, pieces);
      kwh[i] = watts * covered / 3.6e6;
      runSeconds += covered;
    }
    double total = watts * runSeconds / 3.6e6;
    return new EnergyProfile(
        start,
        STEP,
        kwh,
        total,
        0,
        false,
        HostShare.NOT_COUNTED,
        "estimated: "
            + job.workload().gpus()
            + " × "
            + gpuModel
            + " at "
            + Math.round(watts / job.workload().gpus())
            + " W");
  }
}
