package io.carbonq.scheduler.backtest;

import java.time.Instant;

/**
 * How much freedom a backtest gives one job of the history: finish by {@code deadline}, pause or
 * not, move to another pool or not, and which rule set the deadline (said in the output, so that a
 * reader sees what each saving assumed).
 */
public record JobFlexibility(
    Instant deadline, String deadlineRule, boolean interruptible, boolean mobile) {}
