package io.carbonq.forecasts.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.forecasts.api.ForecastException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One source's HTTP access: JSON over OkHttp with a timeout, a client-side rate limit, and retries
 * with exponential backoff and jitter on 429, 5xx and network failures, honouring {@code
 * Retry-After}. Other error statuses end the call at once as {@link HttpStatusException}. Request
 * headers (where the credentials are) are never logged or put in a message.
 */
public final class JsonHttp {
  private static final System.Logger LOG = System.getLogger(JsonHttp.class.getName());
  private static final OkHttpClient SHARED = new OkHttpClient();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int DETAIL_LIMIT = 300;

  private final String source;
  private final ClientSettings settings;
  private final HttpUrl base;
  private final OkHttpClient client;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator jitter;
  private final RateLimiter limiter;

  public JsonHttp(
      String source,
      ClientSettings settings,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator jitter) {
    this.source = source;
    this.settings = settings;
    this.base = HttpUrl.get(settings.endpoint().toString());
    long timeoutMillis = settings.timeout().toMillis();
    this.client =
        SHARED
            .newBuilder()
            .callTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .build();
    this.clock = clock;
    this.sleeper = sleeper;
    this.jitter = jitter;
    this.limiter = new RateLimiter(settings.requestsPerMinute(), clock, sleeper);
  }

  /** The source this client speaks for, as named in messages. */
  public String source() {
    return source;
  }

  /** A URL under the endpoint: {@code path} is appended to the endpoint's own path. */
  public HttpUrl.Builder url(String path) {
    HttpUrl.Builder builder = base.newBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        builder.addPathSegment(segment);
      }
    }
    return builder;
  }

  public JsonNode get(HttpUrl url, Headers headers) {
    return send(new Request.Builder().url(url).headers(headers).get().build());
  }

  public JsonNode post(HttpUrl url, Headers headers, JsonNode body) {
    RequestBody content = RequestBody.create(body.toString(), JSON);
    return send(new Request.Builder().url(url).headers(headers).post(content).build());
  }

  private JsonNode send(Request request) {
    String what = request.method() + " " + shown(request.url());
    String lastFailure = "";
    for (int attempt = 1; ; attempt++) {
      limiter.acquire(source);
      Duration wait = backoff(attempt);
      try (Response response = client.newCall(request).execute()) {
        String body = response.body().string();
        int status = response.code();
        if (response.isSuccessful()) {
          return parse(body, what);
        }
        String detail = detail(body);
        if (status != 429 && status < 500) {
          throw new HttpStatusException(
              "source '"
                  + source
                  + "' answered HTTP "
                  + status
                  + " to "
                  + what
                  + (detail.isEmpty() ? "" : ": " + detail),
              status,
              detail);
        }
        lastFailure = "HTTP " + status + (detail.isEmpty() ? "" : " (" + detail + ")");
        Duration asked = retryAfter(response.header("Retry-After"));
        if (asked != null) {
          if (asked.compareTo(settings.maxRetryDelay()) > 0) {
            throw new ForecastException(
                "source '"
                    + source
                    + "' is rate limited and asks to retry after "
                    + asked.toSeconds()
                    + " s, more than the "
                    + settings.maxRetryDelay().toSeconds()
                    + " s carbonq waits ("
                    + what
                    + ")");
          }
          wait = asked;
        }
      } catch (InterruptedIOException e) {
        lastFailure = "no answer within " + settings.timeout().toMillis() + " ms";
      } catch (IOException e) {
        lastFailure = "network error: " + e.getMessage();
      }
      if (attempt >= settings.maxAttempts()) {
        throw new ForecastException(
            "source '"
                + source
                + "' failed "
                + attempt
                + (attempt == 1 ? " time" : " times")
                + " for "
                + what
                + ", last: "
                + lastFailure);
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: {1} failed ({2}), retry {3} in {4} ms",
          source,
          what,
          lastFailure,
          attempt,
          wait.toMillis());
      pause(wait);
    }
  }

  private JsonNode parse(String body, String what) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new ForecastException(
            "source '" + source + "' returned an empty body for " + what + "; expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ForecastException(
          "source '"
              + source
              + "' returned malformed JSON for "
              + what
              + ": "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr());
    }
  }

  /** Exponential backoff with equal jitter: half the delay fixed, half random. */
  private Duration backoff(int attempt) {
    long first = settings.firstRetryDelay().toMillis();
    long max = settings.maxRetryDelay().toMillis();
    long exponential = Math.min(max, first << Math.min(attempt - 1, 30));
    long half = exponential / 2;
    return Duration.ofMillis(half + (half > 0 ? jitter.nextLong(half + 1) : 0));
  }

  /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
  private Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration until = Duration.between(clock.instant(), at);
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForecastException("source '" + source + "': interrupted while waiting to retry");
    }
  }

  /** The provider's own words from an error body: a JSON message field, or the text unmarked. */
  static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text;
    try {
      JsonNode node = MAPPER.readTree(body);
      text = node == null ? body : firstText(node, body);
    } catch (JsonProcessingException notJson) {
      text = body.replaceAll("(?s)<head>.*?</head>", " ").replaceAll("<[^>]*>", " ");
    }
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= DETAIL_LIMIT ? text : text.substring(0, DETAIL_LIMIT) + "…";
  }

  private static String firstText(JsonNode node, String body) {
    StringBuilder found = new StringBuilder();
    for (String field : new String[] {"error", "message", "title", "detail"}) {
      JsonNode value = node.get(field);
      if (value != null && value.isTextual()) {
        found.append(found.isEmpty() ? "" : ": ").append(value.asText());
      } else if (value != null && value.isObject()) {
        found.append(found.isEmpty() ? "" : ": ").append(firstText(value, value.toString()));
      }
    }
    return found.isEmpty() ? body : found.toString();
  }

  /** The URL as shown in messages: path and query only, never user info. */
  private static String shown(HttpUrl url) {
    String query = url.encodedQuery();
    return url.encodedPath() + (query == null ? "" : "?" + query);
  }
}
