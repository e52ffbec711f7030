package io.carbonq.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobKeys;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Generated invalid and extreme job and sweep specs, in JSON and YAML, against a real API server on
 * an embedded H2 store: each is a 4xx that names the wrong field, nothing is stored, and a valid
 * job submitted after the property's inputs is still planned.
 *
 * <p>Each property is a test factory with its own fixed seed and server: one test an input, named
 * by the seed, the input's number and the input, then one test that the service still plans.
 */
class ApiInputPropertiesTest {
  /** Inputs per property; each is one request of a few milliseconds. */
  static final int TRIES = 200;

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

  @BeforeEach
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

  @AfterEach
  void stop() {
    server.close();
    database.close();
  }

  /**
   * The inputs of one property, each checked and then found to have stored nothing, followed by the
   * check that the service still takes and plans a valid job.
   */
  <T> Stream<DynamicTest> tries(
      BadInputs inputs, int count, IntFunction<T> input, ThrowingConsumer<T> check) {
    Stream<DynamicTest> tries =
        inputs.tests(
            count,
            input,
            value -> {
              check.accept(value);
              assertThat(stored()).as("rows stored by refused requests").isZero();
            });
    return Stream.concat(
        tries, Stream.of(dynamicTest("a valid job is still planned", this::plans)));
  }

  void plans() throws Exception {
    Reply submitted = post("/v1/jobs", JSON.writeValueAsBytes(BadInputs.validJob()));
    assertThat(submitted.status()).as(String.valueOf(submitted.json())).isEqualTo(201);
    service.planCycle();
    String key =
        JobKeys.key(submitted.json().path("owner").asText(), submitted.json().path("id").asText());
    assertThat(service.get(key).orElseThrow().state().label()).isEqualTo("planned");
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

  /** A body sent to {@code path}, shown by what is wrong with it; its error must name field. */
  record Sent(String path, byte[] body, String field, String shown) {
    /** Every second input as YAML; of each pair of pairs, the second to the what-if plan. */
    static Sent job(int i, BadField bad) {
      return spec(
          i / 2 % 2 == 0 ? "/v1/jobs" : "/v1/plan", i % 2 == 1, bad.field(), bad.job(), bad);
    }

    static Sent spec(String path, boolean yaml, String field, Object spec, Object shown) {
      try {
        byte[] body =
            yaml
                ? YAML.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(spec);
        return new Sent(path, body, field, (yaml ? "YAML " : "JSON ") + shown);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A body that is no spec: its error names the spec as a whole. */
    static Sent raw(String path, byte[] body) {
      return new Sent(path, body, "(spec)", BadInputs.shown(body, 120));
    }

    @Override
    public String toString() {
      return "POST " + path + " " + shown;
    }
  }

  Reply post(Sent sent) throws IOException {
    return post(sent.path(), sent.body());
  }

  /** A 4xx whose problem names {@code field} (a field path, or its start), never a 5xx. */
  static void assertRefusedNaming(Reply reply, String field) {
    assertThat(reply.status()).as("status for %s", reply.json()).isEqualTo(400);
    List<String> fields = reply.json().path("errors").findValuesAsText("field");
    assertThat(fields).as(reply.json().path("detail").asText()).anyMatch(f -> f.startsWith(field));
    assertThat(reply.json().path("detail").asText()).doesNotContain("Exception");
  }

  /** Refused naming the field, or too large to read at all. */
  static void assertRefusedNamingOrTooLarge(Reply reply, String field) {
    if (reply.status() != 413) {
      assertRefusedNaming(reply, field);
    }
  }

  @TestFactory
  Stream<DynamicTest> aDurationFromANanosecondToCenturiesOutsideTheRulesIsRefused() {
    BadInputs inputs = new BadInputs(101);
    return tries(
        inputs,
        TRIES,
        i -> Sent.job(i, new BadField("duration", "duration", inputs.duration())),
        sent -> assertRefusedNaming(post(sent), sent.field()));
  }

  @TestFactory
  Stream<DynamicTest> aDeadlineOrEarliestStartOutsideTheRulesIsRefused() {
    BadInputs inputs = new BadInputs(102);
    return tries(
        inputs,
        TRIES,
        i -> Sent.job(i, inputs.time()),
        sent -> assertRefusedNaming(post(sent), sent.field()));
  }

  @TestFactory
  Stream<DynamicTest> countsNearTheIntegerLimitsAreRefused() {
    BadInputs inputs = new BadInputs(103);
    return tries(
        inputs,
        TRIES,
        i -> Sent.job(i, inputs.count()),
        sent -> assertRefusedNaming(post(sent), sent.field()));
  }

  @TestFactory
  Stream<DynamicTest> controlCharactersHugeAndUnicodeTextsAreRefusedWhereNotAllowed() {
    BadInputs inputs = new BadInputs(104);
    return tries(
        inputs,
        TRIES,
        i -> Sent.job(i, inputs.textField()),
        sent -> assertRefusedNamingOrTooLarge(post(sent), sent.field()));
  }

  @TestFactory
  Stream<DynamicTest> volumesKubernetesWouldRefuseAreRefused() {
    BadInputs inputs = new BadInputs(105);
    return tries(
        inputs,
        TRIES,
        i -> {
          BadField volume = inputs.volume();
          return Sent.spec("/v1/jobs", i % 2 == 1, volume.field(), volume.job(), volume);
        },
        sent -> assertRefusedNaming(post(sent), sent.field()));
  }

  @TestFactory
  Stream<DynamicTest> sweepsThatOverflowOrHoldBadValuesAreRefused() {
    BadInputs inputs = new BadInputs(106);
    return tries(
        inputs,
        TRIES,
        i -> {
          BadSweep sweep = inputs.sweep();
          return Sent.spec("/v1/sweeps", i % 2 == 1, sweep.field(), sweep.spec(), sweep);
        },
        sent -> assertRefusedNamingOrTooLarge(post(sent), sent.field()));
  }

  @TestFactory
  Stream<DynamicTest> malformedDeepOrAliasedBodiesAreRefused() {
    BadInputs inputs = new BadInputs(107);
    return tries(
        inputs,
        TRIES,
        i ->
            Sent.raw(
                i % 2 == 0 ? "/v1/jobs" : "/v1/plan",
                inputs.malformed().getBytes(StandardCharsets.UTF_8)),
        sent -> {
          Reply reply = post(sent);

          assertThat(reply.status()).as(String.valueOf(reply.json())).isIn(400, 413);
          assertThat(reply.json().path("errors").findValuesAsText("field")).isNotEmpty();
        });
  }

  @TestFactory
  Stream<DynamicTest> bodiesThatAreNotUtf8AreRefused() {
    BadInputs inputs = new BadInputs(108);
    return tries(
        inputs,
        50,
        i -> Sent.raw("/v1/jobs", inputs.notUtf8()),
        sent -> assertRefusedNaming(post(sent), sent.field()));
  }

  @TestFactory
  Stream<DynamicTest> bodiesOverTheLimitAreA413() {
    BadInputs inputs = new BadInputs(109);
    return tries(
        inputs,
        20,
        i ->
            Sent.raw(
                "/v1/jobs",
                ("{\"image\": \"" + inputs.huge(300 * 1024) + "\"}")
                    .getBytes(StandardCharsets.UTF_8)),
        sent -> assertThat(post(sent).status()).isEqualTo(413));
  }
}
