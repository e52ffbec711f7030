package io.carbonq.config;

import java.util.Optional;

/**
 * Where a secret is kept: an environment variable or a file. The secret itself never appears in
 * carbonq.yaml, and this record never holds it.
 */
public record SecretRef(Optional<String> environmentVariable, Optional<String> file) {
  public static SecretRef none() {
    return new SecretRef(Optional.empty(), Optional.empty());
  }

  public boolean isPresent() {
    return environmentVariable.isPresent() || file.isPresent();
  }
}
