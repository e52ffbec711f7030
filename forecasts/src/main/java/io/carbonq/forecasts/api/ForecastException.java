package io.carbonq.forecasts.api;

/** A forecast source could not answer. The message names the source and the zone. */
public class ForecastException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ForecastException(String message) {
    super(message);
  }

  public ForecastException(String message, Throwable cause) {
    super(message, cause);
  }
}
