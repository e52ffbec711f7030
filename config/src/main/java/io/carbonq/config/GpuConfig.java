package io.carbonq.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A GPU model, the names it also goes by, the power one device draws at full load, and, where
 * known, the emissions of making one device with its share of the server it sits in (kgCO2e, what
 * an SCI score amortises over the hardware's life), with where that figure comes from.
 */
public record GpuConfig(
    String model,
    double watts,
    List<String> aliases,
    String source,
    OptionalDouble embodiedKg,
    String embodiedSource) {
  public GpuConfig {
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(embodiedKg, "embodiedKg");
    Objects.requireNonNull(embodiedSource, "embodiedSource");
  }

  /** A model with no known embodied emissions. */
  public GpuConfig(String model, double watts, List<String> aliases, String source) {
    this(model, watts, aliases, source, OptionalDouble.empty(), "");
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
