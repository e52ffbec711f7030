package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.io.UncheckedIOException;
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
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Generated invalid and extreme flags of {@code submit} and {@code plan}, and job and sweep spec
 * files, against a running service: each ends with exit code 2 and a message naming the flag or
 * field, never a stack trace; nothing is queued; a valid job submitted after is still planned.
 *
 * <p>Each property is a test factory with its own fixed seed and service: one test an input, named
 * by the seed, the input's number and the input, then one test that the service still plans.
 */
class CliInputPropertiesTest {
  /** Each try runs the whole command line (about 80 ms), so fewer than the API's 200. */
  static final int TRIES = 80;

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final List<String> VALID =
      List.of("--image", "ghcr.io/lab/train:1.4", "--duration", "1h", "--deadline", "2d");

  final Clock clock = Clock.fixed(BadInputs.NOW, ZoneOffset.UTC);
  final Map<String, String> environment = new HashMap<>();
  Path data;
  ServerRuntime server;

  /** A flag of submit or plan set to a bad value; the error must name one of {@code names}. */
  record BadFlag(String verb, String flag, String value, List<String> names) {
    List<String> args() {
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
      return verb + " " + flag + "=" + BadInputs.shown(value, 80);
    }
  }

  /** A spec file given to a command; the error must name one of {@code names}. */
  record SpecFile(List<String> command, Path file, String text, List<String> names, Object shown) {
    List<String> args() {
      List<String> args = new ArrayList<>(command);
      args.add(file.toString());
      return args;
    }

    @Override
    public String toString() {
      return String.join(" ", command) + " " + file.getFileName() + ": " + shown;
    }
  }

  record Result(int exit, String out, String err) {}

  @BeforeEach
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

  @AfterEach
  void stop() throws Exception {
    server.close();
    try (var files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /**
   * The inputs of one property, each checked and then found to have queued nothing, followed by the
   * check that a valid job submitted after them is still planned.
   */
  <T> Stream<DynamicTest> tries(
      BadInputs inputs, int count, IntFunction<T> input, ThrowingConsumer<T> check) {
    Stream<DynamicTest> tries =
        inputs.tests(
            count,
            input,
            value -> {
              check.accept(value);
              long queued =
                  server.service().counts().values().stream().mapToLong(Long::longValue).sum();
              assertThat(queued).as("jobs queued by refused commands").isZero();
            });
    return Stream.concat(
        tries, Stream.of(dynamicTest("a valid job is still planned", this::plans)));
  }

  boolean afterIsPlanned() {
    return server.service().list(io.carbonq.scheduler.store.JobFilter.all()).stream()
        .anyMatch(
            job ->
                io.carbonq.scheduler.queue.JobKeys.name(job.id()).equals("after")
                    && job.state().label().equals("planned"));
  }

  void plans() throws Exception {
    List<String> args = new ArrayList<>(List.of("submit", "--name", "after"));
    args.addAll(VALID);
    Result submitted = run(args);
    assertThat(submitted.exit()).as(submitted.err()).isZero();
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!afterIsPlanned()) {
      assertThat(System.nanoTime()).as("planned within 20 s").isLessThan(until);
      Thread.sleep(50);
    }
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

  /** {@code spec} as a YAML or JSON file, whose error must name {@code field}. */
  SpecFile specFile(
      List<String> command, String name, boolean yaml, Object spec, String field, Object shown) {
    try {
      return new SpecFile(
          command,
          data.resolve(name + (yaml ? ".yaml" : ".json")),
          yaml ? YAML.writeValueAsString(spec) : JSON.writeValueAsString(spec),
          List.of(field, "larger than"),
          (yaml ? "YAML " : "JSON ") + shown);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  void assertRefused(SpecFile spec) throws Exception {
    Files.writeString(spec.file(), spec.text());
    assertBadInput(run(spec.args()), spec.names());
  }

  @TestFactory
  Stream<DynamicTest> aBadFlagOfSubmitOrPlanExitsWithTwoNamingIt() {
    BadInputs inputs = new BadInputs(201);
    return tries(
        inputs,
        TRIES,
        i -> flag(inputs, i % 2 == 0 ? "submit" : "plan"),
        flag -> assertBadInput(run(flag.args()), flag.names()));
  }

  @TestFactory
  Stream<DynamicTest> aJobSpecFileWithABadFieldExitsWithTwoNamingIt() {
    BadInputs inputs = new BadInputs(202);
    return tries(
        inputs,
        TRIES,
        i -> {
          BadField field = field(inputs);
          // every second file as YAML; of each pair of pairs, the second to plan
          List<String> command = List.of(i / 2 % 2 == 0 ? "submit" : "plan", "-f");
          return specFile(command, "job", i % 2 == 1, field.job(), field.field(), field);
        },
        this::assertRefused);
  }

  @TestFactory
  Stream<DynamicTest> aSweepFileWithABadGridValueOrCapExitsWithTwoNamingIt() {
    BadInputs inputs = new BadInputs(203);
    return tries(
        inputs,
        TRIES,
        i -> {
          BadSweep sweep = inputs.sweep();
          return specFile(
              List.of("sweep"), "sweep", i % 2 == 1, sweep.spec(), sweep.field(), sweep);
        },
        this::assertRefused);
  }

  @TestFactory
  Stream<DynamicTest> aMalformedSpecFileExitsWithTwo() {
    BadInputs inputs = new BadInputs(204);
    Path file = data.resolve("spec.yaml");
    return tries(
        inputs,
        TRIES / 2,
        i -> {
          String text = inputs.malformed();
          List<String> command = i % 2 == 0 ? List.of("submit", "-f") : List.of("sweep");
          return new SpecFile(
              command, file, text, List.of(file.toString(), "(spec)"), BadInputs.shown(text, 120));
        },
        this::assertRefused);
  }

  BadFlag flag(BadInputs inputs, String verb) {
    return switch (inputs.choice(8)) {
      case 0 ->
          new BadFlag(verb, "--duration", inputs.duration(), List.of("--duration", "duration"));
      case 1 -> {
        BadField time = inputs.time();
        yield new BadFlag(
            verb,
            time.key().equals("deadline") ? "--deadline" : "--earliest-start",
            (String) time.value(),
            List.of(time.key(), "--deadline", "--earliest-start"));
      }
      case 2 -> new BadFlag(verb, "--gpus", count(inputs, 1, 4096), List.of("--gpus", "gpus"));
      case 3 ->
          new BadFlag(
              verb, "--priority", count(inputs, -1000, 1000), List.of("--priority", "priority"));
      case 4 -> {
        BadField text = inputs.draw(inputs::textField, f -> f.value() instanceof String);
        yield new BadFlag(verb, "--" + text.key(), (String) text.value(), List.of(text.key()));
      }
      case 5 -> new BadFlag(verb, "--", inputs.withControlCharacter(), List.of("command[1]"));
      case 6 -> new BadFlag(verb, "--region", nonBlankText(inputs), List.of("regions", "--region"));
      default ->
          new BadFlag(
              verb, "--gpu-model", nonBlankText(inputs), List.of("gpuModel", "--gpu-model"));
    };
  }

  /**
   * A count outside [min, max] or, as often, anything but an int of up to nine digits: a number
   * past the int limits, a fraction or a word.
   */
  static String count(BadInputs inputs, long min, long max) {
    if (inputs.choice(2) == 0) {
      return String.valueOf(inputs.outside(min, max));
    }
    return inputs.draw(
        () -> String.valueOf(inputs.outside(Integer.MIN_VALUE, Integer.MAX_VALUE)),
        v -> !v.matches("-?[0-9]{1,9}"));
  }

  static String nonBlankText(BadInputs inputs) {
    return inputs.draw(inputs::text, t -> !t.isBlank());
  }

  static BadField field(BadInputs inputs) {
    return switch (inputs.choice(5)) {
      case 0 -> new BadField("duration", "duration", inputs.duration());
      case 1 -> inputs.time();
      case 2 -> inputs.count();
      case 3 -> inputs.textField();
      default -> inputs.volume();
    };
  }
}
