package io.carbonq.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One forecast source in the fallback order.
 *
 * @param type one of {@link ConfigLoader#SOURCE_TYPES}
 * @param endpoint base URL replacing the provider's, for proxies, self-hosted SDKs and tests
 * @param token API token (Electricity Maps)
 * @param username login user (WattTime)
 * @param password login password (WattTime)
 * @param zones grid zone to the provider's own name for it (WattTime regions, Carbon Aware SDK
 *     locations); for Electricity Maps the zones to ask it for
 * @param signal {@code marginal} or {@code average}, where the provider offers a choice
 * @param timeout per call
 * @param requestsPerMinute the client-side rate limit
 * @param retries attempts after the first on 429, 5xx and network failures
 */
public record SourceConfig(
    String type,
    Optional<String> endpoint,
    SecretRef token,
    SecretRef username,
    SecretRef password,
    Map<String, String> zones,
    Optional<String> signal,
    Optional<Duration> timeout,
    OptionalDouble requestsPerMinute,
    OptionalInt retries) {

  public SourceConfig {
    zones = Map.copyOf(zones);
  }

  /** A source of {@code type} with every setting at its default. */
  public static SourceConfig of(String type) {
    return new SourceConfig(
        type,
        Optional.empty(),
        SecretRef.none(),
        SecretRef.none(),
        SecretRef.none(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        OptionalDouble.empty(),
        OptionalInt.empty());
  }

  public SourceConfig withEndpoint(String url) {
    return new SourceConfig(
        type,
        Optional.of(url),
        token,
        username,
        password,
        zones,
        signal,
        timeout,
        requestsPerMinute,
        retries);
  }
}
