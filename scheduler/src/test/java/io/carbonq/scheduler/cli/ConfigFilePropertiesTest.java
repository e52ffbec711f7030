package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonq.config.ConfigError;
import io.carbonq.config.ConfigException;
import io.carbonq.config.ConfigLoader;
import io.carbonq.config.DurationText;
import io.carbonq.scheduler.testing.BadInputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated invalid carbonq.yaml files: the loader refuses each with a ConfigException naming the
 * field's path (never another exception), and the command line exits with 2 and names it too.
 *
 * <p>One test a file, named by the fixed seed, the file's number and what is wrong with it.
 */
class ConfigFilePropertiesTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The top-level keys of carbonq.yaml; any other is refused. */
  static final List<String> SECTIONS =
      List.of(
          "regions", "gpus", "pools", "sources", "fallback", "forecastCache", "executor", "policy");

  /** A configuration with one field wrong, or a file that is no configuration. */
  record BadConfig(String path, byte[] text, String shown) {
    @Override
    public String toString() {
      return shown;
    }
  }

  Path dir;

  @BeforeEach
  void makeDirectory() throws Exception {
    dir = Files.createTempDirectory("carbonq-config-fuzz");
  }

  @AfterEach
  void removeDirectory() throws Exception {
    try (var files = Files.list(dir)) {
      files.forEach(file -> file.toFile().delete());
    }
    Files.delete(dir);
  }

  @TestFactory
  Stream<DynamicTest> aBadConfigurationIsRefusedNamingTheField() {
    BadInputs inputs = new BadInputs(301);
    return inputs.tests(100, i -> config(inputs), this::assertRefusedNamingTheField);
  }

  void assertRefusedNamingTheField(BadConfig config) throws Exception {
    Path file = dir.resolve("carbonq.yaml");
    Files.write(file, config.text());

    ConfigException refused =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.errors())
        .extracting(ConfigError::path)
        .anyMatch(p -> p.startsWith(config.path()));
    StringWriter err = new StringWriter();
    int exit =
        new Cli(
                new CliContext(
                    Clock.fixed(BadInputs.NOW, ZoneOffset.UTC),
                    new PrintWriter(new StringWriter()),
                    new PrintWriter(err),
                    Map.of(),
                    dir.resolve("cache")))
            .run(
                "estimate",
                "--config",
                file.toString(),
                "--gpu",
                "A100",
                "--hours",
                "1",
                "--zone",
                "DE");
    assertThat(exit).as(err.toString()).isEqualTo(Cli.BAD_INPUT);
    assertThat(err.toString())
        .startsWith("error: invalid configuration " + file)
        .contains(config.path())
        .doesNotContain("\tat ");
  }

  static Map<String, Object> base() {
    Map<String, Object> pool = new LinkedHashMap<>();
    pool.put("name", "p");
    pool.put("region", "gcp:europe-west3");
    pool.put("gpuModel", "A100");
    pool.put("gpus", 8);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("pools", List.of(pool));
    return config;
  }

  @SuppressWarnings("unchecked")
  static BadConfig with(String path, Object value) {
    Map<String, Object> config = base();
    String[] keys = path.split("\\.");
    Map<String, Object> at = config;
    for (int i = 0; i < keys.length - 1; i++) {
      String key = keys[i];
      if (key.endsWith("[0]")) {
        String list = key.substring(0, key.length() - 3);
        List<Object> items = (List<Object>) config.get(list);
        Map<String, Object> item =
            items == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>((Map<String, Object>) items.get(0));
        config.put(list, List.of(item));
        at = item;
      } else {
        at = (Map<String, Object>) at.computeIfAbsent(key, k -> new LinkedHashMap<>());
      }
    }
    at.put(keys[keys.length - 1], value);
    if (path.startsWith("regions[0]")) {
      ((Map<String, Object>) ((List<Object>) config.get("regions")).get(0))
          .putIfAbsent("name", "r");
      ((Map<String, Object>) ((List<Object>) config.get("regions")).get(0))
          .putIfAbsent("zone", "DE");
    }
    if (path.startsWith("gpus[0]")) {
      ((Map<String, Object>) ((List<Object>) config.get("gpus")).get(0)).putIfAbsent("model", "X1");
    }
    try {
      return new BadConfig(
          path, YAML.writeValueAsBytes(config), path + " = " + BadInputs.shown(value, 80));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String durationOutside(BadInputs inputs, Duration min, Duration max) {
    return inputs.draw(
        () ->
            switch (inputs.choice(3)) {
              case 0 -> inputs.duration();
              case 1 -> inputs.text();
              default -> inputs.oneOf("PT-5M", "0m", "1000d", "PT9223372036854775807S", "-1h");
            },
        text ->
            DurationText.parse(text)
                .filter(d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0)
                .isEmpty());
  }

  /** Four times in five a configuration with one field wrong, otherwise no configuration. */
  static BadConfig config(BadInputs inputs) {
    return inputs.choice(5) < 4 ? badField(inputs) : badFile(inputs);
  }

  static BadConfig badField(BadInputs inputs) {
    return switch (inputs.choice(8)) {
      case 0 -> with("pools[0].gpus", inputs.outside(1, ConfigLoader.MAX_POOL_GPUS));
      case 1 -> with("pools[0].region", "zz:" + nonBlankText(inputs));
      case 2 -> with("pools[0].gpuModel", "zz" + nonBlankText(inputs));
      case 3 ->
          with(
              "regions[0].pue",
              switch (inputs.choice(3)) {
                case 0 -> scale4(inputs.spread(3.0001, 1e300));
                case 1 -> scale4(inputs.spread(0.9999, -1e300));
                default -> inputs.oneOf("1.2", "NaN", true);
              });
      case 4 ->
          with(
              "gpus[0].watts",
              // a fraction is a fine number of watts
              inputs.draw(() -> inputs.outside(1, 5000), v -> !(v instanceof BigDecimal)));
      case 5 ->
          with("policy.step", durationOutside(inputs, Duration.ofMinutes(1), Duration.ofHours(24)));
      case 6 ->
          with(
              "forecastCache.maxAge",
              durationOutside(inputs, Duration.ofMinutes(1), Duration.ofDays(7)));
      default -> {
        String t = inputs.draw(inputs::text, key -> !SECTIONS.contains(key));
        yield with(
            t.contains(".") || t.contains("[0]")
                ? "x" + t.replace('.', '_').replace("[0]", "")
                : "x" + t,
            1);
      }
    };
  }

  static BadConfig badFile(BadInputs inputs) {
    byte[] text =
        switch (inputs.choice(4)) {
          case 0 ->
              ("pools: []\n# " + inputs.huge(1024 * 1024 + 1)).getBytes(StandardCharsets.UTF_8);
          case 1 -> inputs.notUtf8();
          case 2 ->
              inputs
                  .oneOf(
                      "pools: &p []\nregions: *p\n",
                      "- a\n- b\n",
                      "",
                      "pools: [unclosed",
                      "pools:\n  - {name: p, name: q}\n")
                  .getBytes(StandardCharsets.UTF_8);
          default -> {
            int depth = (int) inputs.spread(65, 2000);
            String open = inputs.oneOf("[", "{a: ");
            String close = open.equals("[") ? "]" : "}";
            yield ("pools: " + open.repeat(depth) + "1" + close.repeat(depth))
                .getBytes(StandardCharsets.UTF_8);
          }
        };
    return new BadConfig("(file)", text, "(file) " + BadInputs.shown(text, 120));
  }

  static String nonBlankText(BadInputs inputs) {
    return inputs.draw(inputs::text, t -> !t.isBlank());
  }

  /** Rounded to four decimals, as a person would write a PUE. */
  static double scale4(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
  }
}
