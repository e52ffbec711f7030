package io.carbonq.scheduler.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An RFC 7807 problem: what went wrong, for a program (type, status) and a person (detail). */
final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String type;
  private final String title;
  private final transient List<Map<String, String>> errors;

  Problem(int status, String type, String title, String detail) {
    this(status, type, title, detail, List.of());
  }

  Problem(int status, String type, String title, String detail, List<Map<String, String>> errors) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  int status() {
    return status;
  }

  Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "https://carbonq.dev/problems/" + type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", getMessage());
    body.put("instance", instance);
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    return body;
  }

  static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Missing or unknown token", detail);
  }

  static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Token lacks the scope", detail);
  }

  static Problem notFound(String detail) {
    return new Problem(404, "not-found", "No such job", detail);
  }

  static Problem badRequest(String detail) {
    return new Problem(400, "bad-request", "Bad request", detail);
  }

  static Problem conflict(String detail) {
    return new Problem(409, "conflict", "Conflict", detail);
  }
}
