package io.carbonq.scheduler.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The CLI's side of the REST API. A server that cannot be reached, a refused token and a refused
 * request each become one {@link ClientException} whose message says what to do.
 */
public final class ApiClient {
  /** Exit codes, as the CLI uses them. */
  public static final int FAILURE = 1;

  public static final int BAD_INPUT = 2;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  private final HttpUrl server;
  private final String serverOrigin;
  private final String token;
  private final String tokenOrigin;
  private final OkHttpClient http;

  /**
   * @param serverOrigin where the server's URL came from, named when it cannot be reached
   * @param tokenOrigin where the token came from, named when the server refuses it
   */
  public ApiClient(
      String server, String serverOrigin, String token, String tokenOrigin, Duration timeout) {
    HttpUrl parsed = HttpUrl.parse(server);
    if (parsed == null) {
      throw new ClientException(
          "server '" + server + "' is not an http:// or https:// URL", BAD_INPUT);
    }
    this.server = parsed;
    this.serverOrigin = serverOrigin;
    this.token = token;
    this.tokenOrigin = tokenOrigin;
    this.http =
        new OkHttpClient.Builder().callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
  }

  public JsonNode get(String path) {
    return send(request(path).get());
  }

  /**
   * A plain-text answer, such as a job's output, and the run it comes from (the {@code Carbonq-Run}
   * header), when the server names one.
   */
  public record Text(String body, Optional<String> run) {}

  /** Asks for text; a refusal is a {@link ClientException}, as for {@link #get}. */
  public Text getText(String path) {
    return send(
        request(path).header("Accept", "text/plain").get(),
        (response, text) -> new Text(text, Optional.ofNullable(response.header("Carbonq-Run"))));
  }

  /** Rows of a paged list, as {@link #list} gathers them. */
  public record Listing(List<JsonNode> rows, long total, Optional<String> next) {
    public Listing {
      rows = List.copyOf(rows);
    }
  }

  /**
   * The rows of the paged list at {@code path} (a query may follow), which the server answers with
   * its rows under {@code field}, {@code total} and the {@code next} page's cursor: the pages in
   * order until the list ends or {@code max} rows are gathered. {@code next} is where it stopped,
   * if rows remain.
   */
  public Listing list(String path, String field, long max) {
    List<JsonNode> rows = new ArrayList<>();
    String separator = path.contains("?") ? "&" : "?";
    Optional<String> cursor = Optional.empty();
    long total;
    do {
      List<String> query = new ArrayList<>();
      long wanted = max - rows.size();
      if (wanted < Integer.MAX_VALUE) {
        // The server lowers it to the largest page it serves.
        query.add("limit=" + wanted);
      }
      cursor.ifPresent(next -> query.add("cursor=" + encode(next)));
      JsonNode answer = get(query.isEmpty() ? path : path + separator + String.join("&", query));
      answer.path(field).forEach(rows::add);
      total = answer.path("total").asLong(rows.size());
      cursor =
          answer.path("next").isTextual()
              ? Optional.of(answer.path("next").asText())
              : Optional.empty();
    } while (cursor.isPresent() && rows.size() < max);
    return new Listing(rows, total, cursor);
  }

  /** Every token, revoked and expired ones too (admin). */
  public Listing tokens() {
    return list("/v1/tokens", "tokens", Long.MAX_VALUE);
  }

  /** Revokes a token by its public id (admin); the answer is the token as lists show it. */
  public JsonNode revokeToken(String id) {
    return delete("/v1/tokens/" + encode(id));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonNode delete(String path) {
    return send(request(path).delete());
  }

  public JsonNode put(String path, JsonNode body) {
    return send(request(path).put(RequestBody.create(body.toString(), APPLICATION_JSON)));
  }

  public JsonNode post(String path, JsonNode body, Optional<String> idempotencyKey) {
    Request.Builder request =
        request(path).post(RequestBody.create(body.toString(), APPLICATION_JSON));
    idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
    return send(request);
  }

  private Request.Builder request(String path) {
    HttpUrl url = HttpUrl.get(server.toString().replaceAll("/+$", "") + path);
    Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
    if (token != null && !token.isBlank()) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private JsonNode send(Request.Builder builder) {
    return send(builder, (response, text) -> parse(text));
  }

  /** Sends the request; a success is read by {@code answer}, a refusal thrown as it says why. */
  private <T> T send(
      Request.Builder builder, java.util.function.BiFunction<Response, String, T> answer) {
    Request request = builder.build();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body().string();
      if (response.isSuccessful()) {
        return answer.apply(response, text);
      }
      throw refused(response.code(), parse(text), text);
    } catch (ConnectException | UnknownHostException e) {
      throw new ClientException(
          "cannot reach the carbonq server at "
              + server
              + " ("
              + serverOrigin
              + "): "
              + e.getMessage()
              + "; start it with `carbonq serve`, or point --server or CARBONQ_SERVER at one that runs",
          FAILURE);
    } catch (IOException e) {
      throw new ClientException(
          "the carbonq server at " + server + " did not answer: " + e.getMessage(), FAILURE);
    }
  }

  private ClientException refused(int status, JsonNode body, String text) {
    String detail = body == null ? text.strip() : body.path("detail").asText(text.strip());
    if (status == 401
        && body != null
        && body.path("type").asText().matches(".*/token-(revoked|expired)")) {
      return new ClientException(
          "the server refused the token from " + tokenOrigin + ": " + detail, FAILURE);
    }
    if (status == 401) {
      return new ClientException(
          "the server refused the token from "
              + tokenOrigin
              + " ("
              + detail
              + "); use the token `carbonq serve` printed, in CARBONQ_TOKEN or the CLI config",
          FAILURE);
    }
    StringBuilder message = new StringBuilder(detail.isEmpty() ? "HTTP " + status : detail);
    if (body != null && body.path("errors").isArray() && !body.path("errors").isEmpty()) {
      message.setLength(0);
      message.append(body.path("title").asText("invalid request")).append(':');
      for (JsonNode error : body.path("errors")) {
        message
            .append("\n  ")
            .append(error.path("field").asText())
            .append(": ")
            .append(error.path("message").asText());
      }
    }
    return new ClientException(
        message.toString(), status == 400 || status == 413 ? BAD_INPUT : FAILURE, status);
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
