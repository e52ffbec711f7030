package io.carbonq.scheduler.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/**
 * {@code --owner NAME}: names are per owner, so an admin acting on another owner's job or sweep
 * says whose it is.
 */
final class OwnerOption {
  @Option(
      names = "--owner",
      paramLabel = "NAME",
      description = "the owner of the job or sweep, when it is not yours (admin)")
  String owner;

  /** The query that names the owner, or nothing when the caller's own is meant. */
  String query() {
    return owner == null ? "" : "?owner=" + URLEncoder.encode(owner, StandardCharsets.UTF_8);
  }
}
