package io.carbonq.config;

import java.util.List;
import java.util.Locale;

/** A GPU model, the names it also goes by, and the power one device draws at full load. */
public record GpuConfig(String model, double watts, List<String> aliases, String source) {
  public GpuConfig {
    aliases = List.copyOf(aliases);
  }

  /** Whether {@code name} names this model, ignoring case, spaces, dashes and underscores. */
  public boolean answersTo(String name) {
    String wanted = normalise(name);
    return normalise(model).equals(wanted)
        || aliases.stream().anyMatch(alias -> normalise(alias).equals(wanted));
  }

  static String normalise(String name) {
    return name.toUpperCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
  }
}
