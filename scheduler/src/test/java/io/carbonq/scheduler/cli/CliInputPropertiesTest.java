package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.service.ServerRuntime;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.testing.BadInputs;
import io.carbonq.scheduler.testing.BadInputs.BadField;
import io.carbonq.scheduler.testing.BadInputs.BadSweep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Generated invalid and extreme flags of {@code submit} and {@code plan}, and job and sweep spec
 * files, against a running service: each ends with exit code 2 and a message naming the flag or
 * field, never a stack trace; nothing is queued; a valid job submitted after is still planned.
 */
class CliInputPropertiesTest {
  /** Each try runs the whole command line (about 80 ms), so fewer than the API's 200. */
  static final int TRIES = 80;

  static final Map<String, AtomicInteger> TRIED = new ConcurrentHashMap<>();
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final List<String> VALID =
      List.of("--image", "ghcr.io/lab/train:1.4", "--duration", "1h", "--deadline", "2d");

  final Clock clock = Clock.fixed(BadInputs.NOW, ZoneOffset.UTC);
  final Map<String, String> environment = new HashMap<>();
  Path data;
  ServerRuntime server;

  /** A flag of submit or plan set to a bad value; the error must name one of {@code names}. */
  record BadFlag(String flag, String value, List<String> names) {
    List<String> args(String verb) {
      List<String> args = new ArrayList<>(List.of(verb));
      if (flag.equals("--")) {
        args.addAll(VALID);
        args.addAll(List.of("--", "python", value));
        return args;
      }
      for (int i = 0; i < VALID.size(); i += 2) {
        if (!VALID.get(i).equals(flag)) {
          args.addAll(VALID.subList(i, i + 2));
        }
      }
      args.add(flag + "=" + value);
      return args;
    }

    @Override
    public String toString() {
      return flag + "=" + (value.length() > 80 ? value.substring(0, 80) + "…" : value);
    }
  }

  record Result(int exit, String out, String err) {}

  @BeforeProperty
  void start() throws Exception {
    data = Files.createTempDirectory("carbonq-cli-fuzz");
    Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
    server =
        new ServerRuntime(
            Database.embedded(data),
            fleet,
            new ForecastSources(fleet.config(), Map.of(), clock, data.resolve("cache")).chain(),
            clock,
            new ServerRuntime.Options(
                "127.0.0.1", 0, 1, Duration.ofMinutes(5), Duration.ofSeconds(5)));
    server.bootstrapAdminToken(clock).ifPresent(token -> environment.put("CARBONQ_TOKEN", token));
    environment.put("CARBONQ_SERVER", "http://127.0.0.1:" + server.port());
    environment.put("HOME", data.toString());
  }

  @AfterTry
  void nothingQueued() {
    long queued = server.service().counts().values().stream().mapToLong(Long::longValue).sum();
    assertThat(queued).as("jobs queued by refused commands").isZero();
  }

  @AfterProperty
  void stillPlansAndStop() throws Exception {
    try {
      List<String> args = new ArrayList<>(List.of("submit", "--name", "after"));
      args.addAll(VALID);
      Result submitted = run(args);
      assertThat(submitted.exit()).as(submitted.err()).isZero();
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!server.service().get("after").orElseThrow().state().label().equals("planned")) {
        assertThat(System.nanoTime()).as("planned within 20 s").isLessThan(until);
        Thread.sleep(50);
      }
    } finally {
      server.close();
      try (var files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @AfterContainer
  static void report() {
    System.out.println("CLI inputs tried: " + new java.util.TreeMap<>(TRIED));
  }

  Result run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            clock, new PrintWriter(out), new PrintWriter(err), environment, data.resolve("cache"));
    return new Result(
        new Cli(context).run(args.toArray(String[]::new)), out.toString(), err.toString());
  }

  /** Exit code 2 with a message naming one of {@code names}, and no stack trace. */
  static void assertBadInput(Result result, List<String> names) {
    assertThat(result.exit()).as(result.err()).isEqualTo(Cli.BAD_INPUT);
    assertThat(result.err())
        .startsWith("error: ")
        .doesNotContain("Exception", "\tat ", "\n\tat")
        .containsAnyOf(names.toArray(String[]::new));
  }

  Path write(String name, Object spec, boolean yaml) throws Exception {
    Path file = data.resolve(name + (yaml ? ".yaml" : ".json"));
    Files.writeString(file, yaml ? YAML.writeValueAsString(spec) : JSON.writeValueAsString(spec));
    return file;
  }

  @Property(tries = TRIES)
  void aBadFlagOfSubmitOrPlanExitsWithTwoNamingIt(
      @ForAll("flags") BadFlag flag, @ForAll boolean plan) {
    String verb = plan ? "plan" : "submit";
    TRIED.computeIfAbsent(verb + " flags", k -> new AtomicInteger()).incrementAndGet();

    assertBadInput(run(flag.args(verb)), flag.names());
  }

  @Property(tries = TRIES)
  void aJobSpecFileWithABadFieldExitsWithTwoNamingIt(
      @ForAll("fields") BadField field, @ForAll boolean yaml, @ForAll boolean plan)
      throws Exception {
    TRIED.computeIfAbsent("job files", k -> new AtomicInteger()).incrementAndGet();
    Path file = write("job", field.job(), yaml);

    assertBadInput(
        run(List.of(plan ? "plan" : "submit", "-f", file.toString())),
        List.of(field.field(), "larger than"));
  }

  @Property(tries = TRIES)
  void aSweepFileWithABadGridValueOrCapExitsWithTwoNamingIt(
      @ForAll("sweeps") BadSweep sweep, @ForAll boolean yaml) throws Exception {
    TRIED.computeIfAbsent("sweep files", k -> new AtomicInteger()).incrementAndGet();
    Path file = write("sweep", sweep.spec(), yaml);

    assertBadInput(run(List.of("sweep", file.toString())), List.of(sweep.field(), "larger than"));
  }

  @Property(tries = TRIES / 2)
  void aMalformedSpecFileExitsWithTwo(@ForAll("malformed") String text, @ForAll boolean sweep)
      throws Exception {
    TRIED.computeIfAbsent("malformed files", k -> new AtomicInteger()).incrementAndGet();
    Path file = data.resolve("spec.yaml");
    Files.writeString(file, text);

    Result result =
        run(sweep ? List.of("sweep", file.toString()) : List.of("submit", "-f", file.toString()));

    assertBadInput(result, List.of(file.toString(), "(spec)"));
  }

  @Provide
  Arbitrary<BadFlag> flags() {
    Arbitrary<String> ints =
        BadInputs.outside(Integer.MIN_VALUE, Integer.MAX_VALUE)
            .map(String::valueOf)
            .filter(v -> !v.matches("-?[0-9]{1,9}"));
    return Arbitraries.oneOf(
        BadInputs.durations()
            .map(v -> new BadFlag("--duration", v, List.of("--duration", "duration"))),
        BadInputs.times()
            .map(
                t ->
                    new BadFlag(
                        t.key().equals("deadline") ? "--deadline" : "--earliest-start",
                        (String) t.value(),
                        List.of(t.key(), "--deadline", "--earliest-start"))),
        Arbitraries.oneOf(BadInputs.outside(1, 4096).map(String::valueOf), ints)
            .map(v -> new BadFlag("--gpus", v, List.of("--gpus", "gpus"))),
        Arbitraries.oneOf(BadInputs.outside(-1000, 1000).map(String::valueOf), ints)
            .map(v -> new BadFlag("--priority", v, List.of("--priority", "priority"))),
        BadInputs.textFields()
            .filter(f -> f.value() instanceof String)
            .map(f -> new BadFlag("--" + f.key(), (String) f.value(), List.of(f.key()))),
        BadInputs.withControlCharacter().map(v -> new BadFlag("--", v, List.of("command[1]"))),
        BadInputs.texts()
            .filter(t -> !t.isBlank())
            .map(v -> new BadFlag("--region", v, List.of("regions", "--region"))),
        BadInputs.texts()
            .filter(t -> !t.isBlank())
            .map(v -> new BadFlag("--gpu-model", v, List.of("gpuModel", "--gpu-model"))));
  }

  @Provide
  Arbitrary<BadField> fields() {
    return Arbitraries.oneOf(
        BadInputs.durations().map(d -> new BadField("duration", "duration", d)),
        BadInputs.times(),
        BadInputs.counts(),
        BadInputs.textFields(),
        BadInputs.volumes());
  }

  @Provide
  Arbitrary<BadSweep> sweeps() {
    return BadInputs.sweeps();
  }

  @Provide
  Arbitrary<String> malformed() {
    return BadInputs.malformed();
  }
}
