package io.carbonq.config;

import java.util.Optional;

/** One forecast source in the fallback order: its type, an optional base URL and its token. */
public record SourceConfig(String type, Optional<String> endpoint, SecretRef token) {}
