package io.carbonq.scheduler.kube;

import io.carbonq.k8s.KubernetesJobs;
import io.carbonq.k8s.energy.PrometheusEnergy;
import io.carbonq.scheduler.energy.EnergyMeter;
import io.carbonq.scheduler.energy.EnergyProfile;
import io.carbonq.scheduler.energy.HostShare;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measured energy of a job's pods on Kubernetes, from Prometheus (the DCGM exporter, and Kepler for
 * the host's share); empty when no GPU metric saw them, so the estimate takes over.
 */
public final class PrometheusMeter implements EnergyMeter {
  private static final System.Logger LOG = System.getLogger(PrometheusMeter.class.getName());
  private static final Duration STEP = Duration.ofSeconds(60);

  private final PrometheusEnergy prometheus;
  private final String namespaceTemplate;

  public PrometheusMeter(PrometheusEnergy prometheus, String namespaceTemplate) {
    this.prometheus = prometheus;
    this.namespaceTemplate = namespaceTemplate;
  }

  @Override
  public Optional<EnergyProfile> measure(QueuedJob job, List<Segment> pieces) {
    String namespace =
        namespaceTemplate.replace(
            "{owner}", job.owner().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
    String pods = KubernetesJobs.jobName(job.id()) + "-.*";
    try {
      return prometheus
          .read(
              namespace,
              pods,
              pieces.stream()
                  .map(piece -> new PrometheusEnergy.Interval(piece.start(), piece.end()))
                  .toList(),
              STEP)
          .map(
              reading -> {
                double[] total = new double[reading.gpuKwh().length];
                double gpu = 0;
                double host = 0;
                for (int i = 0; i < total.length; i++) {
                  total[i] = reading.gpuKwh()[i] + reading.hostKwh()[i];
                  gpu += reading.gpuKwh()[i];
                  host += reading.hostKwh()[i];
                }
                return new EnergyProfile(
                    reading.start(),
                    STEP,
                    total,
                    gpu,
                    host,
                    true,
                    reading.hostMeasured() ? HostShare.MEASURED : HostShare.NOT_COUNTED,
                    reading.source());
              });
    } catch (PrometheusEnergy.EnergyException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "energy of " + job.id() + " not measured: " + e.getMessage());
      return Optional.empty();
    }
  }
}
