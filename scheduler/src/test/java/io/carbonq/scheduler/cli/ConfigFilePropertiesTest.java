package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonq.config.ConfigError;
import io.carbonq.config.ConfigException;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.testing.BadInputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Generated invalid carbonq.yaml files: the loader refuses each with a ConfigException naming the
 * field's path (never another exception), and the command line exits with 2 and names it too.
 */
class ConfigFilePropertiesTest {
  static final AtomicInteger TRIED = new AtomicInteger();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A configuration with one field wrong, or a file that is no configuration. */
  record BadConfig(String path, byte[] text) {
    @Override
    public String toString() {
      String shown = new String(text, StandardCharsets.UTF_8);
      return path + ": " + (shown.length() > 160 ? shown.substring(0, 160) + "…" : shown);
    }
  }

  Path dir;

  @BeforeProperty
  void makeDirectory() throws Exception {
    dir = Files.createTempDirectory("carbonq-config-fuzz");
  }

  @AfterProperty
  void removeDirectory() throws Exception {
    try (var files = Files.list(dir)) {
      files.forEach(file -> file.toFile().delete());
    }
    Files.delete(dir);
  }

  @AfterContainer
  static void report() {
    System.out.println("config files tried: " + TRIED);
  }

  @Property(tries = 100)
  void aBadConfigurationIsRefusedNamingTheField(@ForAll("configs") BadConfig config)
      throws Exception {
    TRIED.incrementAndGet();
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
      return new BadConfig(path, YAML.writeValueAsBytes(config));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Arbitrary<Object> durationsOutside(java.time.Duration min, java.time.Duration max) {
    return Arbitraries.oneOf(
            BadInputs.durations(),
            BadInputs.texts(),
            Arbitraries.of("PT-5M", "0m", "1000d", "PT9223372036854775807S", "-1h"))
        .filter(
            text ->
                io.carbonq.config.DurationText.parse(text)
                    .filter(d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0)
                    .isEmpty())
        .map(text -> text);
  }

  @Provide
  Arbitrary<BadConfig> configs() {
    Arbitrary<BadConfig> fields =
        Arbitraries.oneOf(
            BadInputs.outside(1, ConfigLoader.MAX_POOL_GPUS).map(v -> with("pools[0].gpus", v)),
            BadInputs.texts()
                .filter(t -> !t.isBlank())
                .map(t -> with("pools[0].region", "zz:" + t)),
            BadInputs.texts()
                .filter(t -> !t.isBlank())
                .map(t -> with("pools[0].gpuModel", "zz" + t)),
            Arbitraries.oneOf(
                    Arbitraries.doubles().between(3.0001, 1e300).ofScale(4).map(v -> (Object) v),
                    Arbitraries.doubles().between(-1e300, 0.9999).ofScale(4).map(v -> (Object) v),
                    Arbitraries.of("1.2", "NaN", true).map(v -> (Object) v))
                .map(v -> with("regions[0].pue", v)),
            BadInputs.outside(1, 5000)
                .filter(v -> !(v instanceof java.math.BigDecimal)) // a fraction is a fine watts
                .map(v -> with("gpus[0].watts", v)),
            durationsOutside(java.time.Duration.ofMinutes(1), java.time.Duration.ofHours(24))
                .map(v -> with("policy.step", v)),
            durationsOutside(java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(7))
                .map(v -> with("forecastCache.maxAge", v)),
            BadInputs.texts()
                .filter(
                    t ->
                        !List.of(
                                "regions",
                                "gpus",
                                "pools",
                                "sources",
                                "fallback",
                                "forecastCache",
                                "executor",
                                "policy")
                            .contains(t))
                .map(
                    t ->
                        with(
                            t.contains(".") || t.contains("[0]")
                                ? "x" + t.replace('.', '_').replace("[0]", "")
                                : "x" + t,
                            1)));
    Arbitrary<BadConfig> files =
        Arbitraries.oneOf(
            BadInputs.huge(1024 * 1024 + 1)
                .map(
                    t ->
                        new BadConfig(
                            "(file)", ("pools: []\n# " + t).getBytes(StandardCharsets.UTF_8))),
            BadInputs.notUtf8().map(b -> new BadConfig("(file)", b)),
            Arbitraries.of(
                    "pools: &p []\nregions: *p\n",
                    "- a\n- b\n",
                    "",
                    "pools: [unclosed",
                    "pools:\n  - {name: p, name: q}\n")
                .map(t -> new BadConfig("(file)", t.getBytes(StandardCharsets.UTF_8))),
            Combinators.combine(
                    Arbitraries.integers().between(65, 2000), Arbitraries.of("[", "{a: "))
                .as(
                    (depth, open) ->
                        new BadConfig(
                            "(file)",
                            ("pools: "
                                    + open.repeat(depth)
                                    + "1"
                                    + (open.equals("[") ? "]" : "}").repeat(depth))
                                .getBytes(StandardCharsets.UTF_8))));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, fields), net.jqwik.api.Tuple.of(1, files));
  }
}
