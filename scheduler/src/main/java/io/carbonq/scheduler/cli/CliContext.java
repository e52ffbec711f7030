package io.carbonq.scheduler.cli;

import java.io.PrintWriter;
import java.time.Clock;

/** What commands need from outside: the clock for "now" and where to print. */
public record CliContext(Clock clock, PrintWriter out, PrintWriter err) {}
