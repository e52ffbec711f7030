package io.carbonq.forecasts.http;

import io.carbonq.forecasts.api.ForecastException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A credential read when first needed, from an environment variable or a file. It never prints
 * itself: {@link #toString()} names where it comes from, not what it is.
 */
public final class Secret {
  private final String origin;
  private final Supplier<String> reader;

  private Secret(String origin, Supplier<String> reader) {
    this.origin = origin;
    this.reader = reader;
  }

  /** The value of environment variable {@code name}; {@code setting} is the config key to fix. */
  public static Secret fromEnvironment(String name, String setting, Map<String, String> env) {
    Objects.requireNonNull(name, "name");
    String origin = "environment variable " + name + " (" + setting + ")";
    return new Secret(
        origin,
        () -> {
          String value = env.get(name);
          if (value == null || value.isBlank()) {
            throw new ForecastException(origin + " is not set; export it or use a file instead");
          }
          return value.strip();
        });
  }

  /** The content of {@code file}, trailing newline removed. */
  public static Secret fromFile(Path file, String setting) {
    String origin = "file " + file + " (" + setting + ")";
    return new Secret(
        origin,
        () -> {
          try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
              throw new ForecastException(origin + " is empty");
            }
            return value;
          } catch (IOException e) {
            throw new ForecastException(origin + " cannot be read: " + e.getMessage());
          }
        });
  }

  /** A value given directly, e.g. by a test. */
  public static Secret of(String value, String origin) {
    Objects.requireNonNull(value, "value");
    return new Secret(origin, () -> value);
  }

  /** The secret itself. Never log or print it. */
  public String reveal() {
    return reader.get();
  }

  /** Where the secret is read from, safe to show. */
  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "Secret[" + origin + "]";
  }
}
