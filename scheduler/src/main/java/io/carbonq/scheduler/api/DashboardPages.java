package io.carbonq.scheduler.api;

import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Caller;
import io.carbonq.scheduler.store.TokenStore.Verdict;
import io.carbonq.scheduler.web.WebSessions;
import io.carbonq.scheduler.web.WebSessions.Session;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web dashboard's pages: the login (a token typed in, or a {@code /?token=} link that logs in
 * and leaves the address bar without it), the page itself, its bundled assets and the session the
 * page asks about. The page reads and writes through the same {@code /v1} API as the CLI, with the
 * session cookie in place of the bearer token; a write must also echo the session's CSRF value.
 */
final class DashboardPages {
  static final String COOKIE = "carbonq_session";
  static final String CSRF_HEADER = "X-CSRF-Token";

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final String ASSETS = "dashboard/";
  private static final Pattern ASSET = Pattern.compile("[a-z0-9-]{1,40}\\.(js|css|svg)");

  /** Nothing from elsewhere, no inline script, no framing: the page needs only its own assets. */
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final TokenStore tokens;
  private final Clock clock;
  private final WebSessions sessions;

  DashboardPages(TokenStore tokens, Clock clock, WebSessions sessions) {
    this.tokens = tokens;
    this.clock = clock;
    this.sessions = sessions;
  }

  void routes(JavalinConfig config) {
    config.routes.get("/", this::home);
    config.routes.post("/login", ctx -> login(ctx, ctx.formParam("token")));
    config.routes.post("/logout", this::logout);
    config.routes.get("/ui/session", this::session);
    config.routes.get("/assets/{file}", this::asset);
  }

  /**
   * The caller of an API request that came with the session cookie instead of a bearer token, or
   * empty without a live session. A request that changes something must carry the session's CSRF
   * value in {@value #CSRF_HEADER}, which another site's page cannot read.
   */
  Optional<Verdict> sessionVerdict(Context ctx) {
    Optional<Session> session = sessions.find(ctx.cookie(COOKIE), clock.instant());
    if (session.isEmpty()) {
      return Optional.empty();
    }
    if (!isSafe(ctx.method().name()) && !matches(session.get().csrf(), ctx.header(CSRF_HEADER))) {
      throw new Problem(
          403,
          "csrf",
          "Missing or stale CSRF value",
          "a change made with the dashboard's session must send its "
              + CSRF_HEADER
              + " header; reload the page");
    }
    return Optional.of(verify(session.get()));
  }

  /** What a session's token is now; a session whose token is no longer accepted is ended. */
  private Verdict verify(Session session) {
    Verdict verdict = tokens.verify(session.token(), clock.instant());
    if (!(verdict instanceof Verdict.Accepted)) {
      sessions.close(session.id());
    }
    return verdict;
  }

  /** In constant time, so that the answer's timing tells nothing of the expected value. */
  private static boolean matches(String expected, String given) {
    return given != null
        && java.security.MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isSafe(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  private void home(Context ctx) {
    String token = ctx.queryParam("token");
    if (token != null) {
      login(ctx, token);
      return;
    }
    if (liveCaller(ctx).isPresent()) {
      page(ctx, 200, resource("index.html"));
    } else if ("out".equals(ctx.queryParam("session"))) {
      page(ctx, 200, loginHtml("<p class=\"notice\" role=\"status\">You are logged out.</p>"));
    } else if ("ended".equals(ctx.queryParam("session"))) {
      loginPage(
          ctx,
          200,
          "The session ended: its token was revoked or has expired, or carbonq serve restarted."
              + " Log in again.");
    } else {
      loginPage(ctx, 200, "");
    }
  }

  private void login(Context ctx, String token) {
    if (!sameOrigin(ctx)) {
      loginPage(ctx, 403, "This login came from another site; open the dashboard's own page.");
      return;
    }
    // A link followed from another site's page would log this browser in as whoever's token it
    // holds; browsers say so in Sec-Fetch-Site. A link opened from a terminal says "none".
    if ("cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
      loginPage(
          ctx,
          403,
          "This login link came from another site, so it was not followed. To log in with it,"
              + " paste it into the address bar, or give the token here.");
      return;
    }
    Verdict verdict =
        token == null || token.isBlank()
            ? new Verdict.Unknown()
            : tokens.verify(token.strip(), clock.instant());
    if (!(verdict instanceof Verdict.Accepted)) {
      loginPage(ctx, 401, refusal(verdict));
      return;
    }
    Session session = sessions.open(token.strip(), clock.instant());
    ctx.header("Set-Cookie", cookie(ctx, session.id(), false));
    ctx.header("Cache-Control", "no-store");
    // A redirect, so that the token leaves the address bar (the browser's history keeps the link).
    ctx.status(303).header("Location", "/");
  }

  /**
   * Ends the session without asking for its CSRF value: a page left open from before another login
   * holds a stale one, and logging out is what its user asked for. Another site cannot do it: the
   * cookie is SameSite=Strict.
   */
  private void logout(Context ctx) {
    sessions.close(ctx.cookie(COOKIE));
    ctx.header("Set-Cookie", cookie(ctx, "", true));
    ctx.status(303).header("Location", "/?session=out");
  }

  private void session(Context ctx) {
    Optional<Session> session = sessions.find(ctx.cookie(COOKIE), clock.instant());
    Optional<Caller> caller = session.flatMap(this::caller);
    if (caller.isEmpty()) {
      throw Problem.unauthorized("not logged in; open the dashboard and give a token");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("owner", caller.get().owner());
    body.put("scopes", caller.get().scopes().stream().map(s -> s.label()).sorted().toList());
    body.put("admin", caller.get().isAdmin());
    body.put("csrf", session.get().csrf());
    body.put("now", clock.instant().toString());
    ctx.header("Cache-Control", "no-store");
    try {
      ctx.status(200).contentType("application/json").result(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void asset(Context ctx) {
    String file = ctx.pathParam("file");
    if (!ASSET.matcher(file).matches()) {
      throw new Problem(404, "no-asset", "No such asset", file);
    }
    byte[] bytes =
        bytes(file).orElseThrow(() -> new Problem(404, "no-asset", "No such asset", file));
    String type =
        file.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : file.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml";
    secure(ctx);
    ctx.header("Cache-Control", "no-cache");
    ctx.status(200).contentType(type).result(bytes);
  }

  /** The caller of the cookie's session while its token is accepted. */
  private Optional<Caller> liveCaller(Context ctx) {
    return sessions.find(ctx.cookie(COOKIE), clock.instant()).flatMap(this::caller);
  }

  private Optional<Caller> caller(Session session) {
    return verify(session) instanceof Verdict.Accepted accepted
        ? Optional.of(accepted.caller())
        : Optional.empty();
  }

  private static String refusal(Verdict verdict) {
    if (verdict instanceof Verdict.Revoked revoked) {
      return "That token was revoked on " + revoked.at() + ". Ask an admin for another.";
    }
    if (verdict instanceof Verdict.Expired expired) {
      return "That token expired on " + expired.at() + ". Ask an admin for another.";
    }
    return "That token is not known to this server. carbonq serve printed where its admin token"
        + " is; carbonq token create makes others.";
  }

  /**
   * A login posted from another site's page is refused: browsers send Origin on every POST, and it
   * must name this host. A link with {@code ?token=} is a GET and has none.
   */
  private static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || ctx.method().name().equals("GET")) {
      return true;
    }
    // Behind a proxy that rewrites Host, the browser's host is the one the proxy forwards.
    for (String host : List.of(first(ctx.header("Host")), first(ctx.header("X-Forwarded-Host")))) {
      if (!host.isEmpty()
          && (origin.equals("http://" + host) || origin.equals("https://" + host))) {
        return true;
      }
    }
    return false;
  }

  /** The first of a header's comma-separated values, as a proxy chain appends them; or "". */
  private static String first(String header) {
    return header == null ? "" : header.split(",", 2)[0].strip();
  }

  private void loginPage(Context ctx, int status, String message) {
    page(
        ctx,
        status,
        loginHtml(
            message.isEmpty()
                ? ""
                : "<p class=\"error\" role=\"alert\">" + escape(message) + "</p>"));
  }

  /** The login page with {@code html}, already escaped, where it says what happened. */
  private static String loginHtml(String html) {
    return resource("login.html").replace("<!--message-->", html);
  }

  private static void page(Context ctx, int status, String html) {
    secure(ctx);
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).contentType("text/html; charset=utf-8").result(html);
  }

  private static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the login
    // form.
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("X-Frame-Options", "DENY");
  }

  /** HttpOnly and SameSite=Strict always; Secure when the page came over TLS (or a TLS proxy). */
  private static String cookie(Context ctx, String value, boolean expire) {
    StringBuilder cookie = new StringBuilder(COOKIE).append('=').append(value);
    cookie.append("; Path=/; HttpOnly; SameSite=Strict");
    if (overTls(ctx)) {
      cookie.append("; Secure");
    }
    if (expire) {
      cookie.append("; Max-Age=0");
    }
    return cookie.toString();
  }

  static boolean overTls(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(first(ctx.header("X-Forwarded-Proto")));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String resource(String name) {
    return new String(
        bytes(name).orElseThrow(() -> new IllegalStateException("missing " + ASSETS + name)),
        StandardCharsets.UTF_8);
  }

  private static Optional<byte[]> bytes(String name) {
    try (InputStream in = DashboardPages.class.getResourceAsStream(ASSETS + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
