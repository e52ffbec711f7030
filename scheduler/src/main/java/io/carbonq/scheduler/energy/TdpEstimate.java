package io.carbonq.scheduler.energy;

import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Duration;
import java.time.Instant;

/**
 * The estimate where no meter exists: GPUs × rated power (TDP) × utilisation, spread evenly over
 * the run in 5-minute intervals, flagged as estimated.
 */
public final class TdpEstimate {
  private static final Duration STEP = Duration.ofMinutes(5);
  private final GpuPowerModel power;

  public TdpEstimate(GpuPowerModel power) {
    this.power = power;
  }

  public EnergyProfile estimate(QueuedJob job, String gpuModel, Instant start, Instant end) {
    double watts =
        power.wattsByModel().getOrDefault(gpuModel, 0.0)
            * power.utilisation()
            * job.workload().gpus();
    long seconds = Math.max(0, Duration.between(start, end).toSeconds());
    int intervals = (int) Math.max(1, (seconds + STEP.toSeconds() - 1) / STEP.toSeconds());
    double[] kwh = new double[intervals];
    for (int i = 0; i < intervals; i++) {
      long covered = Math.min(STEP.toSeconds(), seconds - i * STEP.toSeconds());
      kwh[i] = watts * Math.max(0, covered) / 3.6e6;
    }
    double total = watts * seconds / 3.6e6;
    return new EnergyProfile(
        start,
        STEP,
        kwh,
        total,
        0,
        false,
        "estimated: "
            + job.workload().gpus()
            + " × "
            + gpuModel
            + " at "
            + Math.round(watts / job.workload().gpus())
            + " W");
  }
}
