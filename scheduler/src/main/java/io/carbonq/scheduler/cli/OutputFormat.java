package io.carbonq.scheduler.cli;

/** How a command prints its result: for people, or as one JSON object for programs. */
public enum OutputFormat {
  text,
  json
}
