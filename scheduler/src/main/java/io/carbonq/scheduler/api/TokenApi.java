package io.carbonq.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.config.DurationText;
import io.carbonq.scheduler.spec.JobSpecReader;
import io.carbonq.scheduler.store.Page;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Caller;
import io.carbonq.scheduler.store.TokenStore.Revocation;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.store.TokenStore.TokenInfo;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The token calls (admin scope): make a token, list them a page at a time, revoke one. No answer
 * but the one that makes a token ever holds it, and none holds its hash.
 */
final class TokenApi {
  /** The longest a token may be made to last. */
  static final Duration MAX_LIFETIME = Duration.ofDays(3650);

  private static final List<String> FIELDS = List.of("owner", "scopes", "expiresIn");

  private final TokenStore tokens;
  private final Clock clock;

  TokenApi(TokenStore tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  /** {@code owner}, {@code scopes} and, optionally, {@code expiresIn} (a duration such as 30d). */
  Map<String, Object> create(Context ctx, Caller caller) {
    JsonNode body = JobSpecReader.parse(ctx.body());
    // A misspelt expiry must not make a token that never expires.
    RequestBodies.requireObjectOf(body, FIELDS, "{\"owner\": \"ada\", \"scopes\": [\"read\"]}");
    String owner = body.path("owner").asText("");
    if (!owner.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw Problem.badRequest(
          "owner must be 1-64 lower-case letters, digits, '.', '_' or '-', got '" + owner + "'");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (JsonNode scope : body.path("scopes")) {
      try {
        scopes.add(Scope.valueOf(scope.asText().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest(
            "scope '" + scope.asText() + "' is unknown; use read, submit or admin");
      }
    }
    if (scopes.isEmpty()) {
      throw Problem.badRequest("scopes must list at least one of read, submit, admin");
    }
    Instant now = clock.instant();
    Optional<Instant> expiresAt = Optional.empty();
    if (body.hasNonNull("expiresIn")) {
      Duration lifetime =
          DurationText.parse(body.path("expiresIn").asText())
              .filter(d -> d.compareTo(Duration.ofMinutes(1)) >= 0)
              .filter(d -> d.compareTo(MAX_LIFETIME) <= 0)
              .orElseThrow(
                  () ->
                      Problem.badRequest(
                          "expiresIn must be a duration from 1m to 3650d, e.g. 30d, got "
                              + body.path("expiresIn")));
      expiresAt = Optional.of(now.plus(lifetime));
    }
    TokenStore.Issued issued = tokens.issue(owner, scopes, expiresAt, now);
    Map<String, Object> created = new LinkedHashMap<>();
    created.put("id", issued.info().id());
    created.put("owner", owner);
    created.put("scopes", labels(scopes));
    created.put("token", issued.token());
    created.put("createdBy", caller.owner());
    created.put("expiresAt", expiresAt.map(Instant::toString).orElse(null));
    return created;
  }

  Map<String, Object> list(Context ctx) {
    int limit = Paging.limit(ctx);
    Page<TokenInfo> page = tokens.page(Paging.after(ctx, "tokens"), limit);
    Instant now = clock.instant();
    List<Map<String, Object>> rows = page.rows().stream().map(token -> json(token, now)).toList();
    return Paging.body("tokens", rows, page, limit);
  }

  Map<String, Object> revoke(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    Instant now = clock.instant();
    Revocation done =
        tokens
            .revoke(id, now)
            .orElseThrow(
                () -> new Problem(404, "no-token", "No such token", "no token '" + id + "'"));
    if (done == Revocation.LAST_ADMIN) {
      throw Problem.conflict(
          "token '"
              + id
              + "' is the last admin token that is neither revoked nor expired; make another"
              + " (carbonq token create --scopes admin) before revoking it");
    }
    return json(tokens.get(id).orElseThrow(), now);
  }

  /** A token as lists show it: never the token nor its hash. */
  static Map<String, Object> json(TokenInfo token, Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", token.id());
    json.put("owner", token.owner());
    json.put("scopes", labels(token.scopes()));
    json.put("createdAt", token.createdAt().toString());
    json.put("expiresAt", token.expiresAt().map(Instant::toString).orElse(null));
    json.put("lastUsedAt", token.lastUsedAt().map(Instant::toString).orElse(null));
    json.put("revokedAt", token.revokedAt().map(Instant::toString).orElse(null));
    json.put(
        "state",
        token.revokedAt().isPresent() ? "revoked" : token.activeAt(now) ? "active" : "expired");
    return json;
  }

  private static List<String> labels(Set<Scope> scopes) {
    return scopes.stream().map(Scope::label).toList();
  }
}
