package io.carbonq.config;

/** One problem in a configuration: where it is ({@code pools[2].gpus}) and what to do about it. */
public record ConfigError(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
