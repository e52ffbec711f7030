package io.carbonq.scheduler.api;

import io.javalin.http.Context;

/** Whole numbers a request's query may give, read the one way every route reads them. */
final class QueryNumbers {
  private QueryNumbers() {}

  /**
   * The query parameter {@code name}, or {@code fallback} without one; anything but ASCII digits
   * from {@code min} to {@code max} is a 400 saying "{@code name} must be {@code what} from …".
   */
  static int whole(Context ctx, String name, int fallback, int min, int max, String what) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return fallback;
    }
    // ASCII digits only: Java would read other scripts' digits too.
    if (text.strip().matches("[0-9]{1,4}")) {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    }
    throw Problem.badRequest(
        name + " must be " + what + " from " + min + " to " + max + ", got '" + text + "'");
  }
}
