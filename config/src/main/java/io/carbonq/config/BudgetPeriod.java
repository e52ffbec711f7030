package io.carbonq.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The span a carbon budget is counted over: a calendar month in UTC, which renews on the first, or
 * the rolling 30 days before now, which renews as old runs fall out of it.
 */
public enum BudgetPeriod {
  MONTH("month"),
  ROLLING_30_DAYS("30d");

  public static final Duration ROLLING = Duration.ofDays(30);

  private final String label;

  BudgetPeriod(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The labels, for error messages. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(BudgetPeriod::label).toList();
  }

  public static Optional<BudgetPeriod> parse(String label) {
    return Arrays.stream(values()).filter(period -> period.label.equals(label)).findFirst();
  }

  /** The first instant of the calendar month (UTC) that holds {@code at}. */
  public static Instant monthStart(Instant at) {
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant of the calendar month (UTC) after the one that holds {@code at}. */
  public static Instant nextMonthStart(Instant at) {
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).plusMonths(1);
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
