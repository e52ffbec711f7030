package io.carbonq.config;

import java.util.List;

/** A configuration that cannot be used, with every problem found in it. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigError> errors;

  public ConfigException(String origin, List<ConfigError> errors) {
    super(describe(origin, errors));
    this.errors = List.copyOf(errors);
  }

  private static String describe(String origin, List<ConfigError> errors) {
    StringBuilder out =
        new StringBuilder(origin)
            .append(": ")
            .append(errors.size())
            .append(errors.size() == 1 ? " error" : " errors");
    errors.forEach(error -> out.append(System.lineSeparator()).append("  ").append(error));
    return out.toString();
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
