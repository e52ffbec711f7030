package io.carbonq.scheduler.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Issued;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.testing.KeptService;
import io.carbonq.scheduler.testing.MovableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's login, session and pages: a token logs in once, then the session cookie stands
 * for it on the API, writes must echo the session's CSRF value, and the token's revocation or
 * expiry ends the session.
 */
class DashboardPagesTest {
  static final Instant NOW = Instant.parse("2023-03-13T08:00:00Z");
  static final String COOKIE = "carbonq_session";
  static final String JOB = ApiServerTest.JOB;

  final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
  final MovableClock clock = new MovableClock(NOW);
  Database database;
  QueueService service;
  TokenStore tokens;
  ApiServer server;
  String base;
  String host;
  Issued ada;
  String grace;
  String admin;

  @BeforeEach
  void start() {
    Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
    database = Database.inMemory("pages-" + UUID.randomUUID());
    service = KeptService.of(database, fleet, clock);
    tokens = new TokenStore(database.dataSource());
    ada = tokens.issue("ada", EnumSet.of(Scope.READ, Scope.SUBMIT), Optional.empty(), NOW);
    grace = tokens.create("grace", EnumSet.of(Scope.READ, Scope.SUBMIT), NOW);
    admin = tokens.create("ops", EnumSet.of(Scope.ADMIN), NOW);
    server = new ApiServer(service, tokens, () -> {});
    int port = server.start("127.0.0.1", 0);
    host = "127.0.0.1:" + port;
    base = "http://" + host;
  }

  @AfterEach
  void stop() {
    server.close();
    database.close();
  }

  record Page(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values =
          headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
      return values.isEmpty() ? null : values.get(0);
    }

    List<String> cookies() {
      return headers.getOrDefault("set-cookie", List.of());
    }

    /** The session id the one Set-Cookie header sets. */
    String session() {
      assertThat(cookies()).hasSize(1);
      String cookie = cookies().get(0);
      assertThat(cookie).startsWith(COOKIE + "=");
      return cookie.substring(COOKIE.length() + 1, cookie.indexOf(';'));
    }

    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(body);
    }
  }

  Page send(Request.Builder request) throws IOException {
    try (Response response = http.newCall(request.build()).execute()) {
      Map<String, List<String>> headers = new HashMap<>();
      response
          .headers()
          .toMultimap()
          .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
      return new Page(response.code(), headers, response.body().string());
    }
  }

  /** A request as the browser sends it: the session cookie, no Authorization header. */
  Request.Builder browser(String path, String session) {
    Request.Builder request = new Request.Builder().url(base + path);
    if (session != null) {
      request.header("Cookie", COOKIE + "=" + session);
    }
    return request;
  }

  Page get(String path, String session) throws IOException {
    return send(browser(path, session));
  }

  Page post(String path, String session, Map<String, String> form, Map<String, String> headers)
      throws IOException {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(body::add);
    Request.Builder request = browser(path, session).post(body.build());
    headers.forEach(request::header);
    return send(request);
  }

  Page api(String method, String path, String session, String json, Map<String, String> headers)
      throws IOException {
    Request.Builder request =
        browser(path, session)
            .method(
                method,
                json == null ? null : RequestBody.create(json, MediaType.get("application/json")));
    headers.forEach(request::header);
    return send(request);
  }

  Page bearer(String method, String path, String token, String json) throws IOException {
    return send(
        new Request.Builder()
            .url(base + path)
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                json == null ? null : RequestBody.create(json, MediaType.get("application/json"))));
  }

  /** Logs in with a token link and returns the session id. */
  String login(String token) throws IOException {
    Page login = get("/?token=" + token, null);
    assertThat(login.status()).isEqualTo(303);
    return login.session();
  }

  String csrf(String session) throws IOException {
    Page page = get("/ui/session", session);
    assertThat(page.status()).isEqualTo(200);
    return page.json().path("csrf").asText();
  }

  static String resource(String name) throws IOException {
    try (InputStream in =
        DashboardPagesTest.class
            .getClassLoader()
            .getResourceAsStream("io/carbonq/scheduler/api/dashboard/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  /** The login page as served with no message: its marker gone and nothing in its place. */
  static String loginPageWithoutMessage() throws IOException {
    String page = resource("login.html");
    assertThat(page).contains("<!--message-->");
    return page.replace("<!--message-->", "");
  }

  @Test
  void aTokenLinkLogsInAndLeavesTheAddressBarWithoutTheToken() throws Exception {
    Page login = get("/?token=" + ada.token(), null);

    assertThat(login.status()).isEqualTo(303);
    assertThat(login.header("Location")).isEqualTo("/");
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    String cookie = login.cookies().get(0);
    assertThat(cookie.split(";\\s*"))
        .contains("Path=/", "HttpOnly", "SameSite=Strict")
        .doesNotContain("Secure");
    String session = login.session();
    assertThat(session).isNotBlank().doesNotContain(ada.token());

    Page home = get("/", session);
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.header("Content-Type")).startsWith("text/html");
    assertThat(home.body()).isEqualTo(resource("index.html"));
    assertThat(home.body()).doesNotContain(ada.token());
  }

  @Test
  void theCookieIsSecureOnlyWhenThePageCameThroughTls() throws Exception {
    Page proxied =
        send(
            new Request.Builder()
                .url(base + "/?token=" + ada.token())
                .header("X-Forwarded-Proto", "https"));
    Page plain =
        send(
            new Request.Builder()
                .url(base + "/?token=" + ada.token())
                .header("X-Forwarded-Proto", "http"));

    assertThat(proxied.status()).isEqualTo(303);
    assertThat(proxied.cookies().get(0).split(";\\s*"))
        .contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/");
    assertThat(plain.cookies().get(0).split(";\\s*")).doesNotContain("Secure");
    // A chain of proxies lists the schemes, the browser's first.
    Page chained =
        send(
            new Request.Builder()
                .url(base + "/?token=" + ada.token())
                .header("X-Forwarded-Proto", "https, http"));
    assertThat(chained.cookies().get(0).split(";\\s*")).contains("Secure");
  }

  @Test
  void aPostedLoginBehindAProxyThatRewritesHostIsTakenFromTheForwardedHost() throws Exception {
    Page proxied =
        post(
            "/login",
            null,
            Map.of("token", ada.token()),
            Map.of(
                "Origin",
                "https://carbonq.lab.example",
                "X-Forwarded-Host",
                "carbonq.lab.example"));
    Page forged =
        post(
            "/login",
            null,
            Map.of("token", ada.token()),
            Map.of("Origin", "https://evil.example", "X-Forwarded-Host", "carbonq.lab.example"));

    assertThat(proxied.status()).isEqualTo(303);
    assertThat(forged.status()).isEqualTo(403);
  }

  @Test
  void theCookieStandsForTheTokenOnTheSessionAndTheApi() throws Exception {
    bearer("POST", "/v1/jobs", ada.token(), JOB);
    bearer("POST", "/v1/jobs", grace, JOB.replace("train-a", "graces-job"));
    String session = login(ada.token());

    Page about = get("/ui/session", session);
    Page jobs = get("/v1/jobs", session);
    Page job = get("/v1/jobs/train-a", session);
    Page another = get("/v1/jobs/graces-job", session);

    assertThat(about.status()).isEqualTo(200);
    assertThat(about.header("Content-Type")).startsWith("application/json");
    assertThat(about.header("Cache-Control")).isEqualTo("no-store");
    JsonNode me = about.json();
    assertThat(me.path("owner").asText()).isEqualTo("ada");
    assertThat(me.path("scopes").toString()).isEqualTo("[\"read\",\"submit\"]");
    assertThat(me.path("admin").asBoolean()).isFalse();
    assertThat(me.path("csrf").asText()).isNotBlank().isNotEqualTo(session);
    assertThat(me.path("now").asText()).isEqualTo(NOW.toString());
    assertThat(jobs.status()).isEqualTo(200);
    assertThat(jobs.json().path("jobs").findValuesAsText("id")).containsExactly("train-a");
    assertThat(job.json().path("owner").asText()).isEqualTo("ada");
    assertThat(another.status()).isEqualTo(404);

    JsonNode ops = get("/ui/session", login(admin)).json();
    assertThat(ops.path("owner").asText()).isEqualTo("ops");
    assertThat(ops.path("admin").asBoolean()).isTrue();
    assertThat(ops.path("csrf").asText()).isNotEqualTo(me.path("csrf").asText());
  }

  @Test
  void withoutASessionHomeIsTheLoginPageAndTheApiAsksForAToken() throws Exception {
    Page home = get("/", null);
    Page forged = get("/", "not-a-session");

    assertThat(home.status()).isEqualTo(200);
    assertThat(home.header("Content-Type")).startsWith("text/html");
    assertThat(home.body()).isEqualTo(loginPageWithoutMessage());
    assertThat(home.cookies()).isEmpty();
    assertThat(forged.body()).isEqualTo(loginPageWithoutMessage());
    assertThat(get("/ui/session", null).status()).isEqualTo(401);
    assertThat(get("/ui/session", "not-a-session").status()).isEqualTo(401);
    assertThat(get("/v1/jobs", "not-a-session").status()).isEqualTo(401);
  }

  @Test
  void anUnknownTokenGetsTheLoginPageSayingSoWithoutEchoingIt() throws Exception {
    String forged = "cq_<script>alert(1)</script>";

    Page refused =
        send(
            new Request.Builder()
                .url(
                    okhttp3.HttpUrl.get(base)
                        .newBuilder()
                        .addQueryParameter("token", forged)
                        .build()));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("Content-Type")).startsWith("text/html");
    assertThat(refused.cookies()).isEmpty();
    assertThat(refused.body())
        .startsWith(resource("login.html").substring(0, resource("login.html").indexOf("<!--")))
        .contains("<p class=\"error\" role=\"alert\">That token is not known to this server.")
        .doesNotContain("<!--message-->")
        .doesNotContain("<script>")
        .doesNotContain("alert(1)");
    assertThat(get("/?token=", null).status()).isEqualTo(401);
  }

  @Test
  void aRevokedOrExpiredTokenGetsTheLoginPageSayingWhen() throws Exception {
    Issued leaver = tokens.issue("leaver", EnumSet.of(Scope.READ), Optional.empty(), NOW);
    Issued shortLived =
        tokens.issue("temp", EnumSet.of(Scope.READ), Optional.of(NOW.plusSeconds(3600)), NOW);
    Instant revokedAt = NOW.plusSeconds(60);
    tokens.revoke(leaver.info().id(), revokedAt);
    clock.now = NOW.plusSeconds(7200);

    Page revoked = get("/?token=" + leaver.token(), null);
    Page expired = get("/?token=" + shortLived.token(), null);

    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.cookies()).isEmpty();
    assertThat(revoked.body())
        .contains(
            "<p class=\"error\" role=\"alert\">That token was revoked on "
                + revokedAt
                + ". Ask an admin for another.</p>");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.cookies()).isEmpty();
    assertThat(expired.body())
        .contains(
            "<p class=\"error\" role=\"alert\">That token expired on "
                + NOW.plusSeconds(3600)
                + ". Ask an admin for another.</p>");
  }

  @Test
  void aPostedLoginWorksFromTheDashboardsOwnPageOnly() throws Exception {
    Page typed = post("/login", null, Map.of("token", " " + ada.token() + "\n"), Map.of());
    Page sameSite =
        post("/login", null, Map.of("token", ada.token()), Map.of("Origin", "http://" + host));
    Page crossSite =
        post("/login", null, Map.of("token", ada.token()), Map.of("Origin", "http://evil.example"));
    Page wrong = post("/login", null, Map.of("token", "cq_wrong"), Map.of());
    Page empty = post("/login", null, Map.of(), Map.of());

    assertThat(typed.status()).isEqualTo(303);
    assertThat(typed.header("Location")).isEqualTo("/");
    assertThat(get("/ui/session", typed.session()).json().path("owner").asText()).isEqualTo("ada");
    assertThat(sameSite.status()).isEqualTo(303);
    assertThat(get("/ui/session", sameSite.session()).status()).isEqualTo(200);
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(crossSite.cookies()).isEmpty();
    assertThat(crossSite.body()).contains("This login came from another site");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.cookies()).isEmpty();
    assertThat(empty.status()).isEqualTo(401);
    assertThat(empty.body()).contains("That token is not known to this server.");
  }

  @Test
  void aChangeMadeThroughTheCookieNeedsTheSessionsCsrfValue() throws Exception {
    bearer("POST", "/v1/jobs", ada.token(), JOB);
    String session = login(ada.token());
    String csrf = csrf(session);
    String train = JobKeys.key("ada", "train-a");

    Page bare = api("DELETE", "/v1/jobs/train-a", session, null, Map.of());
    Page wrong =
        api("DELETE", "/v1/jobs/train-a", session, null, Map.of("X-CSRF-Token", csrf + "x"));
    Page otherSessions =
        api(
            "DELETE",
            "/v1/jobs/train-a",
            session,
            null,
            Map.of("X-CSRF-Token", csrf(login(ada.token()))));
    Page submit = api("POST", "/v1/jobs", session, JOB.replace("train-a", "train-b"), Map.of());

    assertThat(bare.status()).isEqualTo(403);
    assertThat(bare.json().path("detail").asText()).contains("X-CSRF-Token");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(otherSessions.status()).isEqualTo(403);
    assertThat(submit.status()).isEqualTo(403);
    assertThat(service.get(train).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThat(service.get(JobKeys.key("ada", "train-b"))).isEmpty();

    Page cancelled = api("DELETE", "/v1/jobs/train-a", session, null, Map.of("X-CSRF-Token", csrf));
    Page submitted =
        api(
            "POST",
            "/v1/jobs",
            session,
            JOB.replace("train-a", "train-b"),
            Map.of("X-CSRF-Token", csrf));

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(service.get(train).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    assertThat(submitted.status()).isEqualTo(201);
    assertThat(submitted.json().path("owner").asText()).isEqualTo("ada");
  }

  @Test
  void revokingTheTokenEndsItsSessionAtTheNextCall() throws Exception {
    String session = login(ada.token());
    assertThat(get("/v1/jobs", session).status()).isEqualTo(200);

    Page revoke = bearer("DELETE", "/v1/tokens/" + ada.info().id(), admin, null);

    assertThat(revoke.status()).isEqualTo(200);
    Page refused = get("/v1/jobs", session);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().path("type").asText()).endsWith("/token-revoked");
    assertThat(get("/v1/jobs", session).status()).isEqualTo(401);
    assertThat(get("/ui/session", session).status()).isEqualTo(401);
    assertThat(get("/", session).body()).isEqualTo(loginPageWithoutMessage());
  }

  @Test
  void aSessionOfARevokedTokenCannotReachTheDashboardEvenBeforeTheApiNoticesIt() throws Exception {
    String session = login(ada.token());

    tokens.revoke(ada.info().id(), NOW);

    assertThat(get("/ui/session", session).status()).isEqualTo(401);
    assertThat(get("/", session).body()).isEqualTo(loginPageWithoutMessage());
    assertThat(get("/v1/jobs", session).status()).isEqualTo(401);
  }

  @Test
  void anExpiredTokenEndsItsSession() throws Exception {
    Issued shortLived =
        tokens.issue("temp", EnumSet.of(Scope.READ), Optional.of(NOW.plusSeconds(3600)), NOW);
    String session = login(shortLived.token());
    clock.now = NOW.plusSeconds(3599);
    assertThat(get("/v1/jobs", session).status()).isEqualTo(200);

    clock.now = NOW.plusSeconds(3600);

    Page refused = get("/v1/jobs", session);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().path("type").asText()).endsWith("/token-expired");
    assertThat(get("/ui/session", session).status()).isEqualTo(401);
  }

  @Test
  void aSessionUnusedForTwelveHoursAsksForTheTokenAgain() throws Exception {
    String used = login(ada.token());
    String idle = login(ada.token());
    clock.now = NOW.plus(Duration.ofHours(11));
    assertThat(get("/v1/jobs", used).status()).isEqualTo(200);

    clock.now = NOW.plus(Duration.ofHours(12));

    assertThat(get("/v1/jobs", idle).status()).isEqualTo(401);
    assertThat(get("/", idle).body()).isEqualTo(loginPageWithoutMessage());
    assertThat(get("/ui/session", used).status()).isEqualTo(200);
  }

  @Test
  void loggingOutEndsTheSessionEvenFromAPageWithAStaleCsrfValue() throws Exception {
    String session = login(ada.token());
    String other = login(ada.token());

    // A page left open from before another login has no current CSRF value: it still logs out.
    Page out = post("/logout", session, Map.of("csrf", "stale"), Map.of());

    assertThat(out.status()).isEqualTo(303);
    assertThat(out.header("Location")).isEqualTo("/?session=out");
    assertThat(get("/?session=out", session).body()).contains("You are logged out.");
    assertThat(out.cookies()).hasSize(1);
    assertThat(out.cookies().get(0).split(";\\s*"))
        .contains(COOKIE + "=", "Max-Age=0", "Path=/", "HttpOnly");
    assertThat(get("/ui/session", session).status()).isEqualTo(401);
    assertThat(get("/v1/jobs", session).status()).isEqualTo(401);
    assertThat(get("/", session).body()).isEqualTo(loginPageWithoutMessage());
    assertThat(get("/ui/session", other).status()).isEqualTo(200);
  }

  @Test
  void aLoginLinkFollowedFromAnotherSitesPageIsNotTaken() throws Exception {
    Page followed =
        send(
            new Request.Builder()
                .url(base + "/?token=" + ada.token())
                .header("Sec-Fetch-Site", "cross-site"));
    Page opened =
        send(
            new Request.Builder()
                .url(base + "/?token=" + ada.token())
                .header("Sec-Fetch-Site", "none"));

    assertThat(followed.status()).isEqualTo(403);
    assertThat(followed.cookies()).isEmpty();
    assertThat(followed.body()).contains("This login link came from another site");
    assertThat(opened.status()).isEqualTo(303);
  }

  @Test
  void thePagesForbidFramingSniffingReferrersAndOtherSitesScripts() throws Exception {
    String session = login(ada.token());

    for (Page page : List.of(get("/", null), get("/", session), get("/?token=cq_wrong", null))) {
      assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
      assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(page.header("Cache-Control")).isEqualTo("no-store");
      String policy = page.header("Content-Security-Policy");
      assertThat(policy).isNotNull();
      assertThat(policy.split(";\\s*"))
          .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
      assertThat(policy).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }
    // The API's answers, data and problems alike, are one caller's: never cached nor sniffed.
    for (Page answer : List.of(get("/v1/jobs", session), get("/v1/jobs/nope", session))) {
      assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
      assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
  }

  @Test
  void onlyBundledAssetsWithPlainNamesAreServed() throws Exception {
    for (String path :
        List.of(
            "/assets/missing.js",
            "/assets/a.exe",
            "/assets/login.html",
            "/assets/index.html",
            "/assets/App.js",
            "/assets/" + "a".repeat(41) + ".js",
            "/assets/..%2Flogin.html",
            "/assets/%2e%2e%2fdashboard%2flogin.html")) {
      assertThat(get(path, null).status()).as(path).isEqualTo(404);
    }
    for (String path :
        List.of("/assets/../api/dashboard/login.html", "/assets/%2e%2e/ApiServer.class")) {
      assertThat(raw(path)).as(path).isIn(400, 404);
    }
  }

  /** The status of a GET sent byte for byte as given, since clients resolve dot segments. */
  int raw(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(host.split(":")[1]))) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(UTF_8));
      out.flush();
      String status = new String(socket.getInputStream().readNBytes(12), UTF_8);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  @Test
  void aBearerTokenStillWorksNeedsNoCsrfValueAndOutranksTheCookie() throws Exception {
    String adasSession = login(ada.token());
    bearer("POST", "/v1/jobs", ada.token(), JOB);

    Page submitted = bearer("POST", "/v1/jobs", grace, JOB);
    Page listed = send(browser("/v1/jobs", adasSession).header("Authorization", "Bearer " + grace));
    Page cancelled =
        send(
            browser("/v1/jobs/train-a", adasSession)
                .header("Authorization", "Bearer " + grace)
                .delete());
    Page otherScheme =
        send(browser("/v1/jobs", adasSession).header("Authorization", "Basic Z3JhY2U6eA=="));

    assertThat(submitted.status()).isEqualTo(201);
    assertThat(listed.json().path("jobs").findValuesAsText("owner")).containsExactly("grace");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(service.get(JobKeys.key("grace", "train-a")).orElseThrow().state())
        .isEqualTo(JobState.CANCELLED);
    assertThat(service.get(JobKeys.key("ada", "train-a")).orElseThrow().state())
        .isEqualTo(JobState.QUEUED);
    assertThat(otherScheme.status()).isEqualTo(401);
  }
}
