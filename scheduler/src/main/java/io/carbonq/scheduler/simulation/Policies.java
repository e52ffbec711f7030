package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.simulation.policy.BestWindowPolicy;
import io.carbonq.scheduler.simulation.policy.CarbonTimePolicy;
import io.carbonq.scheduler.simulation.policy.CarbonqPolicy;
import io.carbonq.scheduler.simulation.policy.CarbonqPolicy.Pausing;
import io.carbonq.scheduler.simulation.policy.GreenestRegionBestWindowPolicy;
import io.carbonq.scheduler.simulation.policy.GreenestRegionPolicy;
import io.carbonq.scheduler.simulation.policy.RunNowPolicy;
import io.carbonq.scheduler.simulation.policy.ThresholdPolicy;
import io.carbonq.scheduler.simulation.policy.WaitAwhilePolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The simulated policies by id, each made fresh for a run. */
public final class Policies {
  /** Every simulated policy, in table order. */
  public static final List<String> IDS =
      List.of("B0", "B1-p30", "B1-p50", "B2", "B3", "B4", "B5", "B6", "S");

  private Policies() {}

  /**
   * GPUs carbonq keeps back in each pool for work that cannot wait, unless the id says otherwise.
   */
  public static final double DEFAULT_RESERVE = 0;

  /**
   * Whether {@code id} names a simulated policy or a limit: one of {@link #IDS}, O1–O3, or carbonq
   * with its variants ({@code S-whole}, {@code S-pinned}, {@code S+echo}, {@code S:0.1}).
   */
  public static boolean isKnown(String id) {
    return IDS.contains(id)
        || id.matches("O[123]")
        || id.matches("S(-whole|-pinned)?(\\+echo)?(:0?\\.[0-9]+)?");
  }

  /**
   * The policy with this id; {@code S:0.2} is carbonq keeping 20 % of each pool for work that
   * cannot wait; {@code S-whole} is carbonq never pausing work, {@code S-pinned} resuming paused
   * work only where it ran; {@code S+echo} (or {@code S-pinned+echo}, …) holds GPUs for the urgent
   * work of the past day, expected again a day later.
   */
  public static Supplier<Policy> byId(String id) {
    String variant = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
    boolean expectUrgent = variant.endsWith(CarbonqPolicy.EXPECTING_URGENT);
    String pausingId =
        expectUrgent
            ? variant.substring(0, variant.length() - CarbonqPolicy.EXPECTING_URGENT.length())
            : variant;
    for (Pausing pausing : Pausing.values()) {
      if (pausingId.equals(pausing.id())) {
        double reserve =
            id.equals(variant)
                ? DEFAULT_RESERVE
                : Double.parseDouble(id.substring(id.indexOf(':') + 1));
        return () ->
            new CarbonqPolicy(
                Duration.ofMinutes(15), Duration.ofDays(1), reserve, pausing, expectUrgent);
      }
    }
    return switch (id) {
      case "B0" -> RunNowPolicy::new;
      case "B1-p30" -> () -> new ThresholdPolicy(30);
      case "B1-p50" -> () -> new ThresholdPolicy(50);
      case "B2" -> BestWindowPolicy::new;
      case "B3" -> WaitAwhilePolicy::new;
      case "B4" -> CarbonTimePolicy::new;
      case "B5" -> GreenestRegionPolicy::new;
      case "B6" -> GreenestRegionBestWindowPolicy::new;
      default ->
          throw new IllegalArgumentException(
              "unknown policy '" + id + "'; known: " + String.join(", ", IDS) + ", O1, O2, O3");
    };
  }
}
