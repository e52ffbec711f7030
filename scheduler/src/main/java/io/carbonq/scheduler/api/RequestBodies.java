package io.carbonq.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/** Request bodies that must be one JSON object holding only the fields a call knows. */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * Refuses {@code body} with a 400 unless it is an object whose fields are all among {@code
   * fields}: one that is not an object is shown {@code example}; an unknown field is named with the
   * known ones, so that a misspelt optional field is not silently left out.
   */
  static void requireObjectOf(JsonNode body, List<String> fields, String example) {
    if (!body.isObject()) {
      throw Problem.badRequest("send a JSON object such as " + example);
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw Problem.badRequest("unknown field '" + name + "'; use " + String.join(", ", fields));
      }
    }
  }
}
