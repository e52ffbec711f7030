package io.carbonq.forecasts.api;

/** Whether a series was predicted before its periods or measured after them. */
public enum DataKind {
  FORECAST,
  ACTUAL
}
