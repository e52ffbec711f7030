package io.carbonq.scheduler.cli;

/**
 * How a command prints its result: for people ({@code text}, fitted to the terminal, or {@code
 * wide}, every column uncut), the ids of what it lists, one a line ({@code name}), or as one JSON
 * or YAML document for programs.
 */
public enum OutputFormat {
  text,
  wide,
  name,
  json,
  yaml
}
