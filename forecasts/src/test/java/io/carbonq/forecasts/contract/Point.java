package io.carbonq.forecasts.contract;

import java.time.Instant;

/** One period as a provider sends it, before carbonq reads it. */
record Point(Instant start, double gramsPerKwh) {}
