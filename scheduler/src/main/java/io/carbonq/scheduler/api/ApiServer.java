package io.carbonq.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.config.DurationText;
import io.carbonq.config.Suggestions;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.UnknownZoneException;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.estimate.Estimate;
import io.carbonq.scheduler.estimate.EstimateJson;
import io.carbonq.scheduler.estimate.EstimateRequest;
import io.carbonq.scheduler.estimate.Estimator;
import io.carbonq.scheduler.fleet.UnknownNameException;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.OverBudgetException;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.spec.JobSpecReader;
import io.carbonq.scheduler.spec.SpecException;
import io.carbonq.scheduler.store.DecisionRecord;
import io.carbonq.scheduler.store.DuplicateIdException;
import io.carbonq.scheduler.store.IdempotencyConflictException;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.Page;
import io.carbonq.scheduler.store.QueueStore;
import io.carbonq.scheduler.store.StoreException;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Caller;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.store.TokenStore.Verdict;
import io.carbonq.scheduler.web.WebSessions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The service's REST API (JSON over HTTP): jobs and sweeps, cancellation, what-ifs, health. Every
 * call but the probes needs a bearer token; a caller sees and cancels only its own jobs unless its
 * token has the admin scope. Errors are RFC 7807 problems; bad input is a 4xx, never a 500.
 */
public final class ApiServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant EARLIEST_ESTIMATE = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST_ESTIMATE = Instant.parse("2100-01-01T00:00:00Z");

  /** Decision log entries are paged by their sequence number. */
  private static final Pattern SEQUENCE = Pattern.compile("\\d{1,18}");

  static final int WHAT_IFS_AT_ONCE = 2;

  private final QueueService service;
  private final TokenStore tokens;
  private final TokenApi tokenApi;
  private final SweepApi sweepApi;
  private final LogApi logApi;
  private final BudgetApi budgetApi;
  private final DashboardPages pages;
  private final TimelineApi timelineApi;
  private final SavingsApi savingsApi;
  private final JobIntensityApi jobIntensityApi;
  private final JobSpecReader specs;
  private final Runnable onSubmit;

  /** What-ifs plan against the whole queue: a few at once keep the rest of the API answering. */
  private final Admission whatIfs = new Admission(WHAT_IFS_AT_ONCE, "what-if plans");

  private Javalin app;

  /**
   * @param onSubmit called after a submission is stored, so the planning cycle runs soon
   */
  public ApiServer(QueueService service, TokenStore tokens, Runnable onSubmit) {
    this.service = service;
    this.tokens = tokens;
    this.tokenApi = new TokenApi(tokens, service.clock());
    this.sweepApi = new SweepApi(service);
    this.logApi = new LogApi(service);
    this.budgetApi = new BudgetApi(service);
    this.timelineApi = new TimelineApi(service);
    this.savingsApi = new SavingsApi(service);
    this.jobIntensityApi = new JobIntensityApi(service);
    this.pages = new DashboardPages(tokens, service.clock(), new WebSessions());
    this.specs = new JobSpecReader(service.fleet(), ApiServer::generatedName);
    this.onSubmit = onSubmit;
  }

  private static String generatedName() {
    StringBuilder name = new StringBuilder("job-");
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 8; i++) {
      name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return name.toString();
  }

  /** A request slower than this is logged, with what it asked and answered. */
  static final float SLOW_REQUEST_MS = 2000;

  private static void logIfSlow(Context ctx, Float millis) {
    if (millis >= SLOW_REQUEST_MS) {
      LOG.log(
          System.Logger.Level.WARNING,
          String.format(
              Locale.ROOT,
              "slow request: %s %s answered %d after %.1f s",
              ctx.method(),
              ctx.path(),
              ctx.statusCode(),
              millis / 1000));
    }
  }

  /** Starts on {@code host}:{@code port} (0 picks a free port) and returns the port. */
  public int start(String host, int port) {
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = JobSpecReader.MAX_SPEC_CHARS;
              config.requestLogger.http(ApiServer::logIfSlow);
              pages.routes(config);
              config.routes.get("/healthz", ctx -> write(ctx, 200, Map.of("status", "ok")));
              config.routes.get("/readyz", this::ready);
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.status(200)
                          .contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(service.metrics().scrape()));
              config.routes.get("/v1/openapi.json", this::openApi);
              config.routes.post("/v1/jobs", ctx -> submitJob(ctx, caller(ctx, Scope.SUBMIT)));
              config.routes.post("/v1/sweeps", ctx -> submitSweep(ctx, caller(ctx, Scope.SUBMIT)));
              config.routes.get("/v1/jobs", ctx -> list(ctx, caller(ctx, Scope.READ)));
              config.routes.get("/v1/jobs/{id}", ctx -> get(ctx, caller(ctx, Scope.READ)));
              config.routes.get(
                  "/v1/jobs/{id}/decisions", ctx -> decisions(ctx, caller(ctx, Scope.READ)));
              config.routes.get(
                  "/v1/jobs/{id}/logs",
                  ctx -> logApi.write(ctx, visibleJob(ctx, caller(ctx, Scope.READ))));
              config.routes.delete("/v1/jobs/{id}", ctx -> cancel(ctx, caller(ctx, Scope.SUBMIT)));
              config.routes.get(
                  "/v1/jobs/{id}/report", ctx -> jobReport(ctx, caller(ctx, Scope.READ)));
              config.routes.get(
                  "/v1/sweeps/{id}",
                  ctx -> write(ctx, 200, sweepApi.status(ctx, caller(ctx, Scope.READ))));
              config.routes.delete(
                  "/v1/sweeps/{id}",
                  ctx -> write(ctx, 200, sweepApi.cancel(ctx, caller(ctx, Scope.SUBMIT))));
              config.routes.get(
                  "/v1/sweeps/{id}/report", ctx -> sweepReport(ctx, caller(ctx, Scope.READ)));
              config.routes.get(
                  "/v1/owners/{owner}/report", ctx -> ownerReport(ctx, caller(ctx, Scope.READ)));
              config.routes.get(
                  "/v1/jobs/{id}/intensity",
                  ctx ->
                      write(
                          ctx,
                          200,
                          jobIntensityApi.intensity(visibleJob(ctx, caller(ctx, Scope.READ)))));
              config.routes.get(
                  "/v1/timeline",
                  ctx -> write(ctx, 200, timelineApi.timeline(ctx, caller(ctx, Scope.READ))));
              config.routes.get(
                  "/v1/savings",
                  ctx -> write(ctx, 200, savingsApi.savings(ctx, caller(ctx, Scope.READ))));
              config.routes.post("/v1/plan", ctx -> plan(ctx, caller(ctx, Scope.READ)));
              config.routes.post("/v1/estimate", ctx -> estimate(ctx, caller(ctx, Scope.READ)));
              config.routes.get(
                  "/v1/forecasts/{zone}", ctx -> forecast(ctx, caller(ctx, Scope.READ)));
              config.routes.get(
                  "/v1/budgets", ctx -> write(ctx, 200, budgetApi.list(caller(ctx, Scope.READ))));
              config.routes.put(
                  "/v1/budgets/{scope}",
                  ctx -> write(ctx, 200, budgetApi.put(ctx, caller(ctx, Scope.ADMIN))));
              config.routes.delete(
                  "/v1/budgets/{scope}",
                  ctx -> {
                    caller(ctx, Scope.ADMIN);
                    write(ctx, 200, budgetApi.delete(ctx));
                  });
              config.routes.post(
                  "/v1/tokens",
                  ctx -> write(ctx, 201, tokenApi.create(ctx, caller(ctx, Scope.ADMIN))));
              config.routes.get(
                  "/v1/tokens",
                  ctx -> {
                    caller(ctx, Scope.ADMIN);
                    write(ctx, 200, tokenApi.list(ctx));
                  });
              config.routes.delete(
                  "/v1/tokens/{id}",
                  ctx -> write(ctx, 200, tokenApi.revoke(ctx, caller(ctx, Scope.ADMIN))));
              config.routes.exception(Problem.class, (e, ctx) -> problem(ctx, e));
              config.routes.exception(
                  SpecException.class,
                  (e, ctx) ->
                      problem(
                          ctx,
                          new Problem(
                              400,
                              "invalid-spec",
                              "Invalid job spec",
                              e.getMessage(),
                              e.errors().stream()
                                  .map(
                                      error ->
                                          Map.of(
                                              "field", error.field(), "message", error.message()))
                                  .toList())));
              config.routes.exception(
                  OverBudgetException.class,
                  (e, ctx) ->
                      problem(
                          ctx,
                          new Problem(
                              403, "over-budget", "Over the carbon budget", e.getMessage())));
              config.routes.exception(
                  DuplicateIdException.class,
                  (e, ctx) -> problem(ctx, Problem.conflict(e.getMessage())));
              config.routes.exception(
                  IdempotencyConflictException.class,
                  (e, ctx) ->
                      problem(
                          ctx,
                          new Problem(
                              422,
                              "idempotency-key-reused",
                              "Idempotency-Key reused",
                              e.getMessage())));
              config.routes.exception(
                  StoreException.class,
                  (e, ctx) -> {
                    // The client is told to retry; the operator needs the database's own trace.
                    LOG.log(System.Logger.Level.WARNING, "request " + ctx.path() + " got 503", e);
                    problem(
                        ctx,
                        new Problem(
                            503,
                            "store-unavailable",
                            "Queue database unavailable",
                            e.getMessage()));
                  });
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) ->
                      problem(
                          ctx,
                          e.getStatus() == 413
                              ? new Problem(
                                  413,
                                  "too-large",
                                  "Request body too large",
                                  "the body is larger than "
                                      + JobSpecReader.MAX_SPEC_CHARS / 1024
                                      + " KiB, the most a request may send")
                              : new Problem(
                                  e.getStatus(), "http", "Request refused", e.getMessage())));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.log(System.Logger.Level.ERROR, "request " + ctx.path() + " failed", e);
                    problem(
                        ctx, new Problem(500, "internal", "Internal error", "see the service log"));
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      problem(
                          ctx,
                          new Problem(
                              404, "no-route", "No such path", ctx.method() + " " + ctx.path()));
                    }
                  });
            });
    app.start(host, port);
    return app.port();
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }

  private Caller caller(Context ctx, Scope scope) {
    String header = ctx.header("Authorization");
    Verdict verdict;
    if (header == null) {
      // The dashboard's page calls the API with its session cookie instead.
      verdict =
          pages
              .sessionVerdict(ctx)
              .orElseThrow(
                  () ->
                      Problem.unauthorized(
                          "send 'Authorization: Bearer <token>'; carbonq serve printed where its"
                              + " admin token is"));
    } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      verdict = tokens.verify(header.substring(7).strip(), service.clock().instant());
    } else {
      throw Problem.unauthorized(
          "send 'Authorization: Bearer <token>'; carbonq serve printed where its admin token is");
    }
    Caller caller = accepted(verdict);
    if (!caller.may(scope)) {
      throw Problem.forbidden(
          "this call needs the " + scope.label() + " scope; the token has " + caller.scopes());
    }
    return caller;
  }

  private static Caller accepted(Verdict verdict) {
    if (verdict instanceof Verdict.Accepted accepted) {
      return accepted.caller();
    }
    if (verdict instanceof Verdict.Revoked revoked) {
      throw new Problem(
          401,
          "token-revoked",
          "Token revoked",
          "token "
              + revoked.id()
              + " was revoked on "
              + revoked.at()
              + "; ask an admin for another");
    }
    if (verdict instanceof Verdict.Expired expired) {
      throw new Problem(
          401,
          "token-expired",
          "Token expired",
          "token " + expired.id() + " expired on " + expired.at() + "; ask an admin for another");
    }
    throw Problem.unauthorized("the token is not known to this server");
  }

  /** Ready while the database answers and the planning cycle is alive and well. */
  private void ready(Context ctx) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try {
      service.counts().forEach((state, count) -> counts.put(state.label(), count));
    } catch (StoreException e) {
      write(
          ctx,
          503,
          Map.of("status", "queue database unavailable", "problems", List.of(e.getMessage())));
      return;
    }
    List<String> problems = service.health().problems();
    if (!problems.isEmpty()) {
      write(ctx, 503, Map.of("status", "not ready", "problems", problems, "jobs", counts));
      return;
    }
    write(ctx, 200, Map.of("status", "ready", "jobs", counts));
  }

  private void submitJob(Context ctx, Caller caller) {
    JsonNode spec = JobSpecReader.parse(ctx.bodyAsBytes());
    Workload workload =
        OwnedNames.keyed(specs.job(spec, caller.owner(), service.clock().instant()));
    List<QueueService.BudgetQuote> quotes = service.quoteBudgets(List.of(workload), requestId(ctx));
    QueueStore.Submission submission =
        service.submit(workload, requestId(ctx), Optional.of(digest(spec)));
    if (submission.created()) {
      onSubmit.run();
    }
    Map<String, Object> body = new LinkedHashMap<>(JobJson.job(submission.job()));
    if (!quotes.isEmpty()) {
      body.put("budgets", BudgetApi.quotes(quotes));
    }
    write(ctx, submission.created() ? 201 : 200, body);
  }

  private void submitSweep(Context ctx, Caller caller) {
    JsonNode spec = JobSpecReader.parse(ctx.bodyAsBytes());
    Sweep sweep = OwnedNames.keyed(specs.sweep(spec, caller.owner(), service.clock().instant()));
    List<QueueService.BudgetQuote> quotes =
        service.quoteBudgets(sweep.trials(), requestId(ctx), true);
    List<QueueStore.Submission> trials;
    try {
      trials = service.submit(sweep, requestId(ctx), Optional.of(digest(spec)));
    } catch (DuplicateIdException e) {
      throw sweepApi.nameTaken(sweep, e);
    }
    boolean created = trials.stream().anyMatch(QueueStore.Submission::created);
    if (created) {
      onSubmit.run();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    // A retry answers with the sweep queued the first time, whose generated name may differ.
    body.put(
        "sweep",
        JobKeys.name(
            trials.get(0).job().workload().sweep().map(ref -> ref.sweepId()).orElse(sweep.id())));
    body.put("trials", trials.stream().map(trial -> JobJson.job(trial.job())).toList());
    if (!quotes.isEmpty()) {
      body.put("budgets", BudgetApi.quotes(quotes));
    }
    write(ctx, created ? 201 : 200, body);
  }

  /** The SHA-256 of a request's spec as parsed, so that JSON and YAML or spacing do not count. */
  private static String digest(JsonNode spec) {
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(spec.toString().getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Optional<String> requestId(Context ctx) {
    String key = ctx.header("Idempotency-Key");
    if (key == null || key.isBlank()) {
      return Optional.empty();
    }
    if (key.length() > 100) {
      throw Problem.badRequest("Idempotency-Key must be at most 100 characters");
    }
    if (key.strip().startsWith("kueue:")) {
      throw Problem.badRequest(
          "Idempotency-Key may not start with 'kueue:', which names the Kueue Workloads carbonq"
              + " takes in; use another key");
    }
    return Optional.of(key.strip());
  }

  private void list(Context ctx, Caller caller) {
    int limit = Paging.limit(ctx);
    JobFilter filter = JobFilter.all().withLimit(limit);
    String owner = ctx.queryParam("owner");
    if (owner != null && !owner.equals(caller.owner()) && !caller.isAdmin()) {
      throw Problem.forbidden("listing another owner's jobs needs the admin scope");
    }
    if (owner != null) {
      filter = filter.withOwner(owner);
    } else if (!seesEveryone(ctx, caller)) {
      filter = filter.withOwner(caller.owner());
    }
    String states = ctx.queryParam("state");
    if (states != null) {
      Set<JobState> wanted = EnumSet.noneOf(JobState.class);
      for (String state : states.split(",")) {
        try {
          wanted.add(JobState.fromLabel(state.strip()));
        } catch (IllegalArgumentException e) {
          throw Problem.badRequest(
              "state '"
                  + state
                  + "' is unknown; use one of "
                  + java.util.Arrays.stream(JobState.values())
                      .map(JobState::label)
                      .collect(java.util.stream.Collectors.joining(", ")));
        }
      }
      filter = filter.withStates(wanted);
    }
    String sweep = ctx.queryParam("sweep");
    if (sweep != null) {
      filter = filter.withSweep(JobKeys.key(owner != null ? owner : caller.owner(), sweep));
    }
    // A cursor names its order too: a page of one order never continues a walk of the other.
    boolean newest = newestFirst(ctx);
    String cursors = newest ? "newestjobs" : "jobs";
    if (newest) {
      filter = filter.withNewestFirst();
    }
    Page<QueuedJob> page = service.page(filter, Paging.after(ctx, cursors));
    List<Map<String, Object>> jobs = page.rows().stream().map(JobJson::job).toList();
    write(ctx, 200, Paging.body("jobs", cursors, jobs, page, limit));
  }

  /** Whether {@code ?order=} asks for the latest submission first; oldest first by default. */
  private static boolean newestFirst(Context ctx) {
    String order = ctx.queryParam("order");
    if (order == null || order.equals("oldest")) {
      return false;
    }
    if (order.equals("newest")) {
      return true;
    }
    throw Problem.badRequest("order must be oldest or newest, got '" + order + "'");
  }

  /**
   * The job named in the path, of the caller or, for an admin, of the owner {@code ?owner=} names:
   * names are per owner, so another owner's job is not even seen to exist.
   */
  private QueuedJob visibleJob(Context ctx, Caller caller) {
    String name = ctx.pathParam("id");
    String owner = namedOwner(ctx, caller);
    return service
        .get(JobKeys.key(owner, name))
        .orElseThrow(() -> Problem.notFound("no job '" + name + "' of " + owner));
  }

  /**
   * Whether a listing shows every owner's jobs: an admin's does, unless it asks {@code
   * ?scope=mine}.
   */
  static boolean seesEveryone(Context ctx, Caller caller) {
    return caller.isAdmin() && !"mine".equals(ctx.queryParam("scope"));
  }

  /** The caller, or the owner an admin names with {@code ?owner=}. */
  static String namedOwner(Context ctx, Caller caller) {
    String owner = ctx.queryParam("owner");
    if (owner == null || owner.equals(caller.owner())) {
      return caller.owner();
    }
    if (!caller.isAdmin()) {
      throw Problem.forbidden("another owner's jobs need the admin scope");
    }
    return owner;
  }

  private void get(Context ctx, Caller caller) {
    write(ctx, 200, JobJson.job(visibleJob(ctx, caller)));
  }

  private void decisions(Context ctx, Caller caller) {
    QueuedJob job = visibleJob(ctx, caller);
    int limit = Paging.limit(ctx);
    Page<DecisionRecord> page =
        service.decisions(job.id(), Paging.after(ctx, "decisions", SEQUENCE), limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", JobKeys.name(job.id()));
    body.putAll(Paging.body("decisions", JobJson.decisions(page.rows()), page, limit));
    write(ctx, 200, body);
  }

  private void jobReport(Context ctx, Caller caller) {
    QueuedJob job = visibleJob(ctx, caller);
    var footprint =
        service
            .footprint(job.id())
            .orElseThrow(
                () ->
                    new Problem(
                        404,
                        "no-footprint",
                        "No footprint yet",
                        "job '"
                            + JobKeys.name(job.id())
                            + "' is "
                            + job.state().label()
                            + (job.state().isFinal()
                                ? " and has no footprint: none was recorded for it"
                                : "; its footprint is recorded when it finishes")));
    write(ctx, 200, JobJson.footprint(job, footprint, accounts(footprint)));
  }

  private void sweepReport(Context ctx, Caller caller) {
    String sweep = ctx.pathParam("id");
    String key = JobKeys.key(namedOwner(ctx, caller), sweep);
    write(ctx, 200, summary("sweep", sweep, service.sweepFootprints(key), caller));
  }

  private void ownerReport(Context ctx, Caller caller) {
    String owner = ctx.pathParam("owner");
    if (!owner.equals(caller.owner()) && !caller.isAdmin()) {
      throw Problem.forbidden("another owner's report needs the admin scope");
    }
    write(ctx, 200, summary("owner", owner, service.ownerFootprints(owner), caller));
  }

  /** A footprint in the bases a report gives: location- and market-based, and SCI. */
  private io.carbonq.scheduler.energy.CarbonAccounts accounts(Footprint footprint) {
    var config = service.fleet().config();
    var gpu = config.gpu(footprint.gpuModel());
    var region = config.region(footprint.region());
    return io.carbonq.scheduler.energy.CarbonAccounts.of(
        footprint,
        gpu.map(g -> g.embodiedKg()).orElse(java.util.OptionalDouble.empty()),
        gpu.map(g -> g.embodiedSource()).orElse(""),
        config.policy().hardwareLifetime(),
        region.map(r -> r.carbonFreeShare()).orElse(java.util.OptionalDouble.empty()),
        region.map(r -> r.carbonFreeSource()).orElse(""));
  }

  /** The footprints the caller may see, one row each, and their totals. */
  private Map<String, Object> summary(
      String kind, String name, List<Footprint> footprints, Caller caller) {
    List<Map<String, Object>> runs = new ArrayList<>();
    double gpuHours = 0;
    double kwh = 0;
    double kg = 0;
    double runNow = 0;
    double sci = 0;
    double market = 0;
    List<Footprint> visible = new ArrayList<>();
    java.util.Set<String> signals = new java.util.TreeSet<>();
    for (Footprint footprint : footprints) {
      QueuedJob job = service.get(footprint.jobId()).orElseThrow();
      if (!caller.isAdmin() && !job.owner().equals(caller.owner())) {
        continue;
      }
      var accounts = accounts(footprint);
      visible.add(footprint);
      runs.add(JobJson.footprint(job, footprint, accounts));
      sci += accounts.sciKgPerRun().orElse(Double.NaN);
      market += accounts.marketKg().orElse(Double.NaN);
      gpuHours += footprint.gpuHours();
      kwh += footprint.energyKwh();
      kg += footprint.kgCo2e();
      runNow += footprint.counterfactualKgCo2e();
      signals.add(footprint.marginal() ? "marginal" : "average");
    }
    if (signals.size() > 1) {
      // Average and marginal kgCO2e do not add up to either, nor do SCI scores resting on them.
      kg = Double.NaN;
      runNow = Double.NaN;
      sci = Double.NaN;
    }
    if (runs.isEmpty()) {
      throw new Problem(
          404,
          "no-footprint",
          "No footprint yet",
          "no finished job of " + kind + " '" + name + "' visible to " + caller.owner());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(kind, name);
    body.put("trials", runs.size());
    body.put("gpuHours", Math.round(gpuHours * 1000) / 1000.0);
    body.put("energyKwh", Math.round(kwh * 10000) / 10000.0);
    body.put("intensitySignal", signals.size() == 1 ? signals.iterator().next() : "mixed");
    body.put("kgCo2e", Double.isNaN(kg) ? null : Math.round(kg * 1000) / 1000.0);
    body.put("runNowKgCo2e", Double.isNaN(runNow) ? null : Math.round(runNow * 1000) / 1000.0);
    body.put(
        "savedKgCo2e",
        Double.isNaN(runNow - kg) ? null : Math.round((runNow - kg) * 1000) / 1000.0);
    // Known for every run, or not at all: a partial total would read as the whole.
    body.put("marketBasedKgCo2e", Double.isNaN(market) ? null : Math.round(market * 1000) / 1000.0);
    body.put("sciKgCo2e", Double.isNaN(sci) ? null : Math.round(sci * 1000) / 1000.0);
    body.putAll(JobJson.costTotal(visible));
    body.put("runs", runs);
    return body;
  }

  private void cancel(Context ctx, Caller caller) {
    QueuedJob job = visibleJob(ctx, caller);
    QueueService.Cancelled result = service.cancel(job.id(), caller.owner());
    if (result == QueueService.Cancelled.ALREADY_FINISHED) {
      throw Problem.conflict(
          "job '"
              + JobKeys.name(job.id())
              + "' is "
              + service.get(job.id()).orElseThrow().state().label()
              + " and cannot be cancelled");
    }
    write(ctx, 200, JobJson.job(service.get(job.id()).orElseThrow()));
  }

  private void plan(Context ctx, Caller caller) {
    JsonNode spec = JobSpecReader.parse(ctx.bodyAsBytes());
    Workload workload = specs.job(spec, caller.owner(), service.clock().instant());
    QueueService.Preview preview;
    try (Admission.Place place = whatIfs.enter()) {
      preview = service.whatIf(workload);
    }
    write(ctx, 200, JobJson.preview(preview.decision(), preview.forecastSource()));
  }

  /**
   * The footprint of one run ({@code gpu}, {@code gpus}, {@code hours}, {@code region} or {@code
   * zone}, optional {@code at}, {@code within}, {@code pue}, {@code utilisation}) and a cleaner
   * place and time for it, as {@code carbonq estimate} gives it.
   */
  private void estimate(Context ctx, Caller caller) {
    JsonNode body = JobSpecReader.parse(ctx.bodyAsBytes());
    var fleet = service.fleet();
    var policy = fleet.config().policy();
    String gpu;
    try {
      gpu = fleet.gpuModel(body.path("gpu").asText(""));
    } catch (UnknownNameException e) {
      throw Problem.badRequest("gpu: " + e.getMessage());
    }
    int gpus = body.path("gpus").asInt(1);
    double hours = body.path("hours").asDouble(Double.NaN);
    if (gpus < 1 || gpus > 100_000) {
      throw Problem.badRequest("gpus must be between 1 and 100000, got " + body.path("gpus"));
    }
    if (!(hours >= 1.0 / 60 && hours <= 8760)) {
      throw Problem.badRequest(
          "hours must be a number from 0.0167 to 8760, got " + body.path("hours"));
    }
    double utilisation = body.path("utilisation").asDouble(policy.gpuUtilisation());
    if (!(utilisation > 0 && utilisation <= 1)) {
      throw Problem.badRequest("utilisation must be more than 0 and at most 1");
    }
    Region region;
    try {
      if (body.hasNonNull("region")) {
        region = fleet.region(body.path("region").asText());
      } else if (body.hasNonNull("zone")) {
        String zone = knownZone(body.path("zone").asText());
        region = EstimateRequest.zoneOnly(zone, policy.defaultPue());
      } else {
        throw Problem.badRequest("give region (e.g. gcp:europe-west4) or zone (e.g. DE)");
      }
    } catch (UnknownNameException e) {
      throw Problem.badRequest("region: " + e.getMessage());
    }
    if (body.hasNonNull("pue")) {
      double pue = body.path("pue").asDouble(Double.NaN);
      if (!(pue >= 1 && pue <= 3)) {
        throw Problem.badRequest("pue must be between 1.0 and 3.0");
      }
      region = new Region(region.name(), region.zone(), pue);
    }
    Instant start = service.clock().instant();
    if (body.hasNonNull("at")) {
      try {
        start = OffsetDateTime.parse(body.path("at").asText()).toInstant();
      } catch (DateTimeParseException e) {
        throw Problem.badRequest("at must be an ISO-8601 time with a zone, e.g. 2023-06-01T00:00Z");
      }
      if (start.isBefore(EARLIEST_ESTIMATE) || start.isAfter(LATEST_ESTIMATE)) {
        throw Problem.badRequest(
            "at must be from " + EARLIEST_ESTIMATE + " to " + LATEST_ESTIMATE + ", got " + start);
      }
    }
    Duration within =
        DurationText.parse(body.path("within").asText("24h"))
            .filter(d -> !d.isNegative() && d.compareTo(Duration.ofDays(31)) <= 0)
            .orElseThrow(
                () -> Problem.badRequest("within must be a duration from 0m to 31d, e.g. 24h"));
    var request =
        new EstimateRequest(
            gpu,
            gpus,
            Duration.ofSeconds(Math.round(hours * 3600)),
            region,
            start,
            within,
            policy.step());
    var power = new GpuPowerModel(fleet.power().wattsByModel(), utilisation);
    Estimate estimate;
    try {
      estimate = new Estimator(power, fleet.regions(), service.forecasts()).estimate(request);
    } catch (ForecastException e) {
      throw new Problem(503, "forecast-unavailable", "No forecast for the run", e.getMessage());
    }
    write(ctx, 200, EstimateJson.of(estimate, utilisation));
  }

  /** A zone some forecast source serves, in its canonical case; else a 400 naming the closest. */
  private String knownZone(String typed) {
    String zone = typed.strip().toUpperCase(Locale.ROOT);
    Set<String> known = service.forecasts().zones();
    if (!known.contains(zone)) {
      String shown = typed.length() > 64 ? typed.substring(0, 64) + "…" : typed;
      throw Problem.badRequest(
          "zone: no carbon-intensity data for zone '"
              + shown
              + "'; "
              + Suggestions.knownOrClosest(zone.length() > 64 ? "" : zone, new TreeSet<>(known)));
    }
    return zone;
  }

  /** The forecast the service plans with for a zone or a region, {@code hours} ahead. */
  private void forecast(Context ctx, Caller caller) {
    String asked = ctx.pathParam("zone");
    String zone;
    try {
      zone =
          asked.contains(":")
              ? service.fleet().region(asked).zone()
              : asked.toUpperCase(Locale.ROOT);
    } catch (UnknownNameException e) {
      throw Problem.badRequest(e.getMessage());
    }
    int hours;
    try {
      hours = Integer.parseInt(Objects.requireNonNullElse(ctx.queryParam("hours"), "48"));
    } catch (NumberFormatException e) {
      hours = -1;
    }
    if (hours < 1 || hours > 336) {
      throw Problem.badRequest(
          "hours must be a whole number from 1 to 336, got '" + ctx.queryParam("hours") + "'");
    }
    Instant now = service.clock().instant();
    IntensitySeries series;
    try {
      series = service.forecasts().forecast(zone, now, Duration.ofHours(hours));
    } catch (UnknownZoneException e) {
      throw new Problem(404, "unknown-zone", "No forecast for this zone", e.getMessage());
    } catch (ForecastException e) {
      throw new Problem(503, "forecast-unavailable", "No source answered", e.getMessage());
    }
    List<Map<String, Object>> points =
        IntensityPoints.within(series, now, now.plus(Duration.ofHours(hours)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("zone", series.zone());
    body.put("source", series.source());
    body.put("signal", series.signal().name().toLowerCase(Locale.ROOT));
    body.put("kind", series.kind().name().toLowerCase(Locale.ROOT));
    body.put("stepMinutes", series.step().toMinutes());
    body.put("points", points);
    body.put(
        "parts",
        series.parts().stream()
            .map(part -> Map.of("from", part.from().toString(), "source", part.source()))
            .toList());
    write(ctx, 200, body);
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
      ctx.status(200)
          .contentType("application/json")
          .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static void problem(Context ctx, Problem problem) {
    try {
      answerHeaders(ctx);
      if (problem.status() == 429) {
        // Too busy now, not refused: a well-behaved client waits this long and asks again.
        ctx.header("Retry-After", "1");
      }
      ctx.status(problem.status())
          .contentType("application/problem+json; charset=utf-8")
          .result(JSON.writeValueAsString(problem.body(ctx.path())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An answer is one caller's data: no cache keeps it, and no browser reads it as anything else.
   */
  private static void answerHeaders(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
  }

  private static void write(Context ctx, int status, Object body) {
    try {
      answerHeaders(ctx);
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
