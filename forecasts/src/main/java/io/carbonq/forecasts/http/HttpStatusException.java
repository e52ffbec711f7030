package io.carbonq.forecasts.http;

import io.carbonq.forecasts.api.ForecastException;

/** A source answered with an error status that retrying will not fix (4xx other than 429). */
public final class HttpStatusException extends ForecastException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String detail;

  HttpStatusException(String message, int status, String detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }

  public int status() {
    return status;
  }

  /** What the provider said, shortened and stripped of markup; may be empty. */
  public String detail() {
    return detail;
  }

  public boolean isAuthFailure() {
    return status == 401 || status == 403;
  }
}
