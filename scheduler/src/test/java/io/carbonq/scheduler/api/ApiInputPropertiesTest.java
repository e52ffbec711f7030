package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.SimulatedExecutor;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.store.TokenStore.Scope;
import io.carbonq.scheduler.testing.BadInputs;
import io.carbonq.scheduler.testing.BadInputs.BadField;
import io.carbonq.scheduler.testing.BadInputs.BadSweep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeProperty;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Generated invalid and extreme job and sweep specs, in JSON and YAML, against a real API server on
 * an embedded H2 store: each is a 4xx that names the wrong field, nothing is stored, and a valid
 * job submitted after the property is still planned.
 */
class ApiInputPropertiesTest {
  static final Map<String, AtomicInteger> TRIED = new ConcurrentHashMap<>();
  static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final MediaType TYPE = MediaType.get("application/json; charset=utf-8");

  final OkHttpClient http = new OkHttpClient();
  Database database;
  QueueService service;
  ApiServer server;
  String base;
  String token;

  @BeforeProperty
  void start() {
    Clock clock = Clock.fixed(BadInputs.NOW, ZoneOffset.UTC);
    Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
    database = Database.inMemory("fuzz-" + UUID.randomUUID());
    service =
        new QueueService(
            new JdbcQueueStore(database.dataSource()),
            fleet,
            new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain(),
            new SimulatedExecutor(1),
            clock);
    TokenStore tokens = new TokenStore(database.dataSource());
    token = tokens.create("ada", EnumSet.of(Scope.READ, Scope.SUBMIT), BadInputs.NOW);
    server = new ApiServer(service, tokens, () -> {});
    base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
  }

  /** Nothing a refused request sent may have reached the store. */
  @AfterTry
  void nothingStored() throws Exception {
    assertThat(stored()).as("rows stored by refused requests").isZero();
  }

  /** The service still takes and plans a valid job after every input the property tried. */
  @AfterProperty
  void stillPlansAndStop() throws Exception {
    try {
      Reply submitted = post("/v1/jobs", JSON.writeValueAsBytes(BadInputs.validJob()));
      assertThat(submitted.status()).as(String.valueOf(submitted.json())).isEqualTo(201);
      service.planCycle();
      String id = submitted.json().path("id").asText();
      assertThat(service.get(id).orElseThrow().state().label()).isEqualTo("planned");
    } finally {
      server.close();
      database.close();
    }
  }

  @AfterContainer
  static void report() {
    System.out.println("REST inputs tried: " + new java.util.TreeMap<>(TRIED));
  }

  record Reply(int status, JsonNode json) {}

  Reply post(String path, byte[] body) throws IOException {
    Request request =
        new Request.Builder()
            .url(base + path)
            .header("Authorization", "Bearer " + token)
            .post(RequestBody.create(body, TYPE))
            .build();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body().string();
      return new Reply(response.code(), text.isEmpty() ? null : new ObjectMapper().readTree(text));
    }
  }

  int stored() throws Exception {
    try (var connection = database.dataSource().getConnection();
        var count =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT (SELECT COUNT(*) FROM workloads) + (SELECT COUNT(*) FROM sweeps)")) {
      count.next();
      return count.getInt(1);
    }
  }

  byte[] encode(Object spec, boolean yaml) throws IOException {
    TRIED.computeIfAbsent(yaml ? "yaml" : "json", k -> new AtomicInteger()).incrementAndGet();
    return yaml
        ? YAML.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8)
        : JSON.writeValueAsBytes(spec);
  }

  /** A 4xx whose problem names {@code field} (a field path, or its start), never a 5xx. */
  static void assertRefusedNaming(Reply reply, String field) {
    assertThat(reply.status()).as("status for %s", reply.json()).isEqualTo(400);
    List<String> fields = reply.json().path("errors").findValuesAsText("field");
    assertThat(fields).as(reply.json().path("detail").asText()).anyMatch(f -> f.startsWith(field));
    assertThat(reply.json().path("detail").asText()).doesNotContain("Exception");
  }

  String jobPath(boolean whatIf) {
    return whatIf ? "/v1/plan" : "/v1/jobs";
  }

  @Property
  void aDurationFromANanosecondToCenturiesOutsideTheRulesIsRefused(
      @ForAll("durations") String duration, @ForAll boolean yaml, @ForAll boolean whatIf)
      throws Exception {
    Map<String, Object> spec = BadInputs.validJob();
    spec.put("duration", duration);

    assertRefusedNaming(post(jobPath(whatIf), encode(spec, yaml)), "duration");
  }

  @Property
  void aDeadlineOrEarliestStartOutsideTheRulesIsRefused(
      @ForAll("times") BadField time, @ForAll boolean yaml, @ForAll boolean whatIf)
      throws Exception {
    assertRefusedNaming(post(jobPath(whatIf), encode(time.job(), yaml)), time.field());
  }

  @Property
  void countsNearTheIntegerLimitsAreRefused(
      @ForAll("counts") BadField count, @ForAll boolean yaml, @ForAll boolean whatIf)
      throws Exception {
    assertRefusedNaming(post(jobPath(whatIf), encode(count.job(), yaml)), count.field());
  }

  @Property
  void controlCharactersHugeAndUnicodeTextsAreRefusedWhereNotAllowed(
      @ForAll("texts") BadField text, @ForAll boolean yaml, @ForAll boolean whatIf)
      throws Exception {
    Reply reply = post(jobPath(whatIf), encode(text.job(), yaml));

    if (reply.status() == 413) {
      return;
    }
    assertRefusedNaming(reply, text.field());
  }

  @Property
  void volumesKubernetesWouldRefuseAreRefused(
      @ForAll("volumes") BadField volume, @ForAll boolean yaml) throws Exception {
    assertRefusedNaming(post("/v1/jobs", encode(volume.job(), yaml)), volume.field());
  }

  @Property
  void sweepsThatOverflowOrHoldBadValuesAreRefused(
      @ForAll("sweeps") BadSweep sweep, @ForAll boolean yaml) throws Exception {
    Reply reply = post("/v1/sweeps", encode(sweep.spec(), yaml));

    if (reply.status() == 413) {
      return;
    }
    assertRefusedNaming(reply, sweep.field());
  }

  @Property
  void malformedDeepOrAliasedBodiesAreRefused(
      @ForAll("malformed") String body, @ForAll boolean whatIf) throws Exception {
    TRIED.computeIfAbsent("malformed", k -> new AtomicInteger()).incrementAndGet();
    Reply reply = post(jobPath(whatIf), body.getBytes(StandardCharsets.UTF_8));

    assertThat(reply.status()).as(String.valueOf(reply.json())).isIn(400, 413);
    assertThat(reply.json().path("errors").findValuesAsText("field")).isNotEmpty();
  }

  @Property(tries = 50)
  void bodiesThatAreNotUtf8AreRefused(@ForAll("notUtf8") byte[] body) throws Exception {
    TRIED.computeIfAbsent("not-utf8", k -> new AtomicInteger()).incrementAndGet();
    assertRefusedNaming(post("/v1/jobs", body), "(spec)");
  }

  @Property(tries = 20)
  void bodiesOverTheLimitAreA413(@ForAll("hugeBodies") byte[] body) throws Exception {
    TRIED.computeIfAbsent("huge", k -> new AtomicInteger()).incrementAndGet();
    assertThat(post("/v1/jobs", body).status()).isEqualTo(413);
  }

  @Provide
  Arbitrary<String> durations() {
    return BadInputs.durations();
  }

  @Provide
  Arbitrary<BadField> times() {
    return BadInputs.times();
  }

  @Provide
  Arbitrary<BadField> counts() {
    return BadInputs.counts();
  }

  @Provide
  Arbitrary<BadField> texts() {
    return BadInputs.textFields();
  }

  @Provide
  Arbitrary<BadField> volumes() {
    return BadInputs.volumes();
  }

  @Provide
  Arbitrary<BadSweep> sweeps() {
    return BadInputs.sweeps();
  }

  @Provide
  Arbitrary<String> malformed() {
    return BadInputs.malformed();
  }

  @Provide
  Arbitrary<byte[]> notUtf8() {
    return BadInputs.notUtf8();
  }

  @Provide
  Arbitrary<byte[]> hugeBodies() {
    return BadInputs.huge(300 * 1024)
        .map(text -> ("{\"image\": \"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}
