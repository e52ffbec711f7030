package io.carbonq.scheduler.simulation;

import java.util.SplittableRandom;

/** The few facts about normal distributions that the simulated forecast errors need. */
final class Gaussian {
  private Gaussian() {}

  /** A standard normal draw (Box-Muller). */
  static double draw(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** E|X| for X normal with this mean and standard deviation. */
  static double meanAbsolute(double mean, double sd) {
    if (sd == 0) {
      return Math.abs(mean);
    }
    double t = mean / sd;
    return sd * Math.sqrt(2 / Math.PI) * Math.exp(-t * t / 2) + mean * (1 - 2 * cdf(-t));
  }

  /**
   * The standard deviation that gives a normal with this mean the mean absolute value {@code
   * meanAbsolute}; zero when even no spread at all reaches it.
   */
  static double sdForMeanAbsolute(double mean, double meanAbsolute) {
    if (meanAbsolute <= Math.abs(mean)) {
      return 0;
    }
    // E|X| grows with the spread, from |mean| at zero to more than the target at this bound.
    double low = 0;
    double high = meanAbsolute * Math.sqrt(Math.PI / 2);
    for (int i = 0; i < 60; i++) {
      double mid = (low + high) / 2;
      if (meanAbsolute(mean, mid) < meanAbsolute) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }

  /** The standard normal distribution function, to within 1.5e-7 (Abramowitz & Stegun 7.1.26). */
  static double cdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1 - poly * Math.exp(-z * z);
    return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
  }
}
