package io.carbonq.forecasts.api;

/** Which emission factor a series reports. */
public enum SignalKind {
  /** Average (attributional) intensity of the electricity consumed in the zone. */
  AVERAGE,
  /** Marginal intensity: the emissions of the generator that answers one more kWh of demand. */
  MARGINAL
}
