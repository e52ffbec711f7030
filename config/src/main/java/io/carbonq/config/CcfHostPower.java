package io.carbonq.config;

/**
 * The power of a node's CPUs and memory by Cloud Carbon Footprint's method
 * (https://www.cloudcarbonfootprint.org/docs/methodology, "Compute" and "Memory", and its Appendix
 * I): per vCPU, min watts + 50% × (max watts − min watts), with the provider's average (GCP:
 * median) min and max over the CPU micro-architectures it runs, and 0.392 W per GB of memory. 50%
 * is CCF's fallback utilisation for hyperscale servers when none is measured.
 *
 * <p>CCF adds memory only beyond what its SPECpower figures already hold; a GPU node's memory far
 * exceeds that, so all of it is counted here, as CCF does for GCP (a small overestimate).
 */
public final class CcfHostPower {
  /** CCF's fallback average vCPU utilisation for hyperscale data centres. */
  public static final double CPU_UTILISATION = 0.5;

  /** Watts per GB of memory: the mean of Crucial's and Micron's DDR4 figures, as CCF takes it. */
  public static final double WATTS_PER_GB_MEMORY = 0.392;

  private CcfHostPower() {}

  /** Watts of {@code vcpus} and {@code memoryGb} on {@code provider} (aws, gcp or azure). */
  public static double watts(String provider, int vcpus, double memoryGb) {
    double[] minMax = minMaxWattsPerVcpu(provider);
    double perVcpu = minMax[0] + CPU_UTILISATION * (minMax[1] - minMax[0]);
    return vcpus * perVcpu + memoryGb * WATTS_PER_GB_MEMORY;
  }

  private static double[] minMaxWattsPerVcpu(String provider) {
    return switch (provider) {
      case "aws" -> new double[] {0.74, 3.5};
      case "gcp" -> new double[] {0.71, 4.26};
      case "azure" -> new double[] {0.78, 3.76};
      default ->
          throw new IllegalArgumentException(
              "no CCF coefficients for provider '" + provider + "'; known: aws, gcp, azure");
    };
  }
}
