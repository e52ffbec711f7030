package io.carbonq.scheduler.budget;

import io.carbonq.config.BudgetConfig;
import java.util.Objects;

/** A budget in force and where it was set: {@code carbonq.yaml}, or by an admin through the API. */
public record Budget(BudgetConfig config, String setBy) {
  public static final String CONFIG_FILE = "carbonq.yaml";

  public Budget {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(setBy, "setBy");
  }

  public static Budget fromConfig(BudgetConfig config) {
    return new Budget(config, CONFIG_FILE);
  }
}
