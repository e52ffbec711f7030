package io.carbonq.scheduler.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of invalid and extreme values for a job or sweep spec, each with the field its error
 * must name: durations from 1 ns to centuries, counts near the integer limits, control characters,
 * unicode and huge texts, volumes Kubernetes would refuse, grids that overflow. Shared by the
 * properties of the REST API, the command line and the spec files.
 */
public final class BadInputs {
  /** Now, as the property tests' clocks say. */
  public static final Instant NOW = Instant.parse("2023-03-13T08:00:00Z");

  private BadInputs() {}

  /** A field of a job spec set to a value the reader must refuse, naming {@code field}. */
  public record BadField(String field, String key, Object value) {
    /** A valid job spec with this one field wrong. */
    public Map<String, Object> job() {
      Map<String, Object> spec = validJob();
      spec.put(key, value);
      return spec;
    }

    @Override
    public String toString() {
      String shown = String.valueOf(value);
      return field + " = " + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown);
    }
  }

  public static Map<String, Object> validJob() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", "ghcr.io/lab/train:1.4");
    spec.put("duration", "1h");
    spec.put("deadline", "2d");
    return spec;
  }

  /** Durations the queue cannot store exactly or that are out of range, as people write them. */
  public static Arbitrary<String> durations() {
    Arbitrary<String> fractional =
        Combinators.combine(
                Arbitraries.longs().between(0, Duration.ofDays(90).toSeconds()),
                Arbitraries.integers().between(1, 999_999_999))
            .as((seconds, nanos) -> Duration.ofSeconds(seconds, nanos).toString());
    Arbitrary<String> tooShort =
        Arbitraries.integers()
            .between(0, 59)
            .flatMap(
                s -> Arbitraries.of(s + "s", "PT" + s + "S", "0m", "0d", "PT0S", "0h" + s + "s"));
    Arbitrary<String> tooLong =
        Arbitraries.longs()
            .between(Duration.ofDays(90).toSeconds() + 1, Long.MAX_VALUE)
            .flatMap(
                s ->
                    Arbitraries.of(
                        "PT" + s + "S", (s / 86_400 + 1) + "d", "P" + (s / 86_400 + 1) + "D"));
    Arbitrary<String> negative =
        Arbitraries.longs().between(1, Long.MAX_VALUE / 2).map(s -> "PT-" + s + "S");
    Arbitrary<String> garbage =
        Arbitraries.oneOf(
            texts(),
            Arbitraries.of("1.5h", "-1h", "1h-", "P", "PT", "90m30", "1e3s", "∞", "0x10h", "NaN"));
    return Arbitraries.oneOf(fractional, tooShort, tooLong, negative, garbage)
        .filter(text -> !validDuration(text));
  }

  private static boolean validDuration(String text) {
    return io.carbonq.config.DurationText.parse(text)
        .filter(d -> d.getNano() == 0)
        .filter(d -> d.compareTo(Duration.ofMinutes(1)) >= 0)
        .filter(d -> d.compareTo(Duration.ofDays(90)) <= 0)
        .isPresent();
  }

  /**
   * A deadline or earliest start that is fractional, absurdly far, malformed or (deadline) past.
   */
  public static Arbitrary<BadField> times() {
    Arbitrary<String> fractional =
        Combinators.combine(
                Arbitraries.longs().between(3600, Duration.ofDays(300).toSeconds()),
                Arbitraries.integers().between(1, 999_999_999))
            .as((s, n) -> NOW.plusSeconds(s).plusNanos(n).toString());
    Arbitrary<String> far =
        Arbitraries.longs()
            .between(
                Duration.ofDays(366).toSeconds(), 31_556_889_864_403_199L - NOW.getEpochSecond())
            .flatMap(
                s ->
                    Arbitraries.of(
                        NOW.plusSeconds(s).toString(),
                        NOW.minusSeconds(
                                Math.min(s, NOW.getEpochSecond() + 31_557_014_135_596_800L))
                            .toString(),
                        "PT" + s + "S",
                        "P" + (s / 86_400 + 1) + "D"));
    Arbitrary<String> extreme =
        Arbitraries.of(
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "PT9223372036854775807S",
            "PT-9223372036854775808S",
            "99999999999999999999d",
            "2023-02-30T00:00Z",
            "2023-03-14T25:00Z",
            "tomorrow");
    Arbitrary<String> bad = Arbitraries.oneOf(fractional, far, extreme, texts());
    Arbitrary<String> past =
        Arbitraries.longs()
            .between(1, Duration.ofDays(365).toSeconds())
            .map(s -> NOW.minusSeconds(s).toString());
    return Arbitraries.oneOf(
        bad.filter(BadInputs::notATime).map(t -> new BadField("earliestStart", "earliestStart", t)),
        Arbitraries.oneOf(bad, past)
            .filter(BadInputs::notATime)
            .map(t -> new BadField("deadline", "deadline", t)));
  }

  /** Random texts are bad times unless they happen to be a valid one; keep only sure misses. */
  private static boolean notATime(String text) {
    var relative = io.carbonq.config.DurationText.parse(text);
    if (relative.isPresent()) {
      Duration d = relative.get();
      return d.getNano() != 0 || d.compareTo(Duration.ofDays(365)) > 0 || d.isNegative();
    }
    return true;
  }

  /** Numbers outside a whole-number range: near the integer limits, huge, fractional, or text. */
  public static Arbitrary<Object> outside(long min, long max) {
    Arbitrary<Object> below =
        Arbitraries.longs().between(Long.MIN_VALUE, min - 1).map(Long.class::cast);
    Arbitrary<Object> above = Arbitraries.longs().between(max + 1, Long.MAX_VALUE).map(v -> v);
    Arbitrary<Object> limits =
        Arbitraries.of(
            (Object) Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            (long) Integer.MAX_VALUE + 1,
            (long) Integer.MIN_VALUE - 1,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            new BigInteger("9".repeat(60)),
            new BigInteger("-" + "9".repeat(60)),
            new BigDecimal("1E+400"),
            new BigDecimal("-1E+400"));
    Arbitrary<Object> fractional =
        Arbitraries.bigDecimals()
            .between(BigDecimal.valueOf(min), BigDecimal.valueOf(max))
            .ofScale(3)
            .filter(d -> d.stripTrailingZeros().scale() > 0)
            .map(d -> d);
    Arbitrary<Object> text = Arbitraries.of("8", "eight", "", "1e3", "0x10", "true").map(v -> v);
    return Arbitraries.oneOf(
        below.filter(v -> (long) v < min),
        above.filter(v -> (long) v > max),
        limits,
        fractional,
        text);
  }

  /** The counts of a job: GPUs and priority. */
  public static Arbitrary<BadField> counts() {
    return Arbitraries.oneOf(
        outside(1, 4096).map(v -> new BadField("gpus", "gpus", v)),
        outside(-1000, 1000).map(v -> new BadField("priority", "priority", v)));
  }

  /**
   * Any text: unicode of the basic plane and beyond (emoji, mathematical letters), control
   * characters, up to a few hundred characters; never half a surrogate pair, which UTF-8 cannot
   * carry to the server.
   */
  public static Arbitrary<String> texts() {
    Arbitrary<String> basic =
        Arbitraries.strings()
            .withCharRange('\u0000', '\ud7ff')
            .withCharRange('\ue000', '\uffff')
            .ofMaxLength(300);
    Arbitrary<String> beyond = Arbitraries.of("", "😀", "𝔘𝔫𝔦", "🇩🇪", "👩‍🔬");
    return Combinators.combine(basic, beyond, Arbitraries.integers().between(0, 300))
        .as(
            (text, extra, at) -> {
              int i = Math.min(at, text.length());
              return text.substring(0, i) + extra + text.substring(i);
            });
  }

  /** A text holding at least one control character other than tab and line breaks. */
  public static Arbitrary<String> withControlCharacter() {
    Arbitrary<Character> control =
        Arbitraries.chars()
            .range('\0', '\u009f')
            .filter(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    return Combinators.combine(texts(), control, Arbitraries.integers().between(0, 300))
        .as(
            (text, c, at) -> {
              int i = Math.min(at, text.length());
              return text.substring(0, i) + c + text.substring(i);
            })
        .filter(BadInputs::noLoneSurrogate);
  }

  /** A text over {@code min} characters, as a person pasting the wrong thing would send it. */
  public static Arbitrary<String> huge(int min) {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
            Arbitraries.integers().between(min, min * 3))
        .as((unit, length) -> unit.repeat(length / unit.length() + 1));
  }

  private static boolean noLoneSurrogate(String text) {
    return io.carbonq.scheduler.domain.StorableText.problem(text.replace('\0', ' ')).isEmpty();
  }

  /** Bad images, commands, environments and names, each with the field its error names. */
  public static Arbitrary<BadField> textFields() {
    Arbitrary<String> badImage =
        Arbitraries.oneOf(
                withControlCharacter(),
                huge(1025),
                texts().map(t -> "ghcr.io/lab/" + t + ":1"),
                Arbitraries.of(
                    "Train:1", "train:1 ", "a\nb", "a b", "/train", "train:", "@sha256:x"))
            .filter(image -> !image.isBlank() && !image.strip().matches("[a-z0-9./:_-]+"));
    Arbitrary<BadField> image = badImage.map(v -> new BadField("image", "image", v));
    Arbitrary<BadField> command =
        Combinators.combine(Arbitraries.integers().between(0, 3), withControlCharacter())
            .as(
                (at, bad) -> {
                  List<Object> parts = new ArrayList<>(List.of("python", "train.py", "--lr", "1"));
                  parts.add(at, bad);
                  return new BadField("command[" + at + "]", "command", parts);
                });
    Arbitrary<BadField> envValue =
        withControlCharacter().map(v -> new BadField("env.SEED", "env", Map.of("SEED", v)));
    Arbitrary<BadField> envName =
        Arbitraries.oneOf(texts(), withControlCharacter(), huge(257))
            .filter(name -> !name.matches("[A-Za-z_][A-Za-z0-9_]{0,255}"))
            .map(name -> new BadField("env.", "env", Map.of(name, "x")));
    Arbitrary<BadField> name =
        Arbitraries.oneOf(texts(), withControlCharacter(), huge(57))
            .filter(n -> !n.isBlank() && !n.strip().matches("[a-z0-9]([a-z0-9.-]{0,54}[a-z0-9])?"))
            .map(n -> new BadField("name", "name", n));
    return Arbitraries.oneOf(image, command, envValue, envName, name);
  }

  /** Volumes Kubernetes would refuse, or that collide, with the field path of the error. */
  public static Arbitrary<BadField> volumes() {
    Arbitrary<String> badPath =
        Arbitraries.oneOf(
            Arbitraries.of(
                "/",
                "/../../etc",
                "/a:b",
                "/a\0b",
                "relative",
                "",
                "/data/",
                "//data",
                "/a/./b",
                "/a/../b"),
            withControlCharacter().map(t -> "/" + t),
            huge(1025).map(t -> "/" + t));
    Arbitrary<String> badName =
        Arbitraries.oneOf(texts(), Arbitraries.of("../x", "My_Claim", "-a", "a-", "a_b", ""))
            .filter(n -> !n.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"));
    Arbitrary<String> badSource =
        Arbitraries.oneOf(
                texts(), huge(254), Arbitraries.of("../x", "My_Claim", "a..b", ".a", "a b"))
            .filter(
                n ->
                    !n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
                        || n.length() > 253);
    Arbitrary<Object> badFlag =
        Arbitraries.of("yes", "true", "no", 1, 0, "on", List.of(true)).map(v -> (Object) v);
    Arbitrary<String> sourceKind = Arbitraries.of("persistentVolumeClaim", "configMap", "secret");
    return Arbitraries.oneOf(
        badPath.map(p -> volume(1, "mountPath", vol("v", p, "emptyDir", Map.of()))),
        badName.map(n -> volume(1, "name", vol(n, "/v", "emptyDir", Map.of()))),
        Combinators.combine(sourceKind, badSource)
            .as((kind, source) -> volume(1, kind, vol("v", "/v", kind, source))),
        badFlag.map(
            flag -> {
              Map<String, Object> v = vol("v", "/v", "emptyDir", Map.of());
              v.put("readOnly", flag);
              return volume(1, "readOnly", v);
            }),
        Arbitraries.of("name", "mountPath")
            .map(
                same ->
                    volume(
                        1,
                        same,
                        same.equals("name")
                            ? vol("data", "/other", "emptyDir", Map.of())
                            : vol("other", "/data", "emptyDir", Map.of()))),
        Arbitraries.of("hostPath").map(h -> volume(1, h, vol("v", "/v", h, "/var/lib"))));
  }

  private static Map<String, Object> vol(String name, String path, String kind, Object source) {
    Map<String, Object> volume = new LinkedHashMap<>();
    volume.put("name", name);
    volume.put("mountPath", path);
    volume.put(kind, source);
    return volume;
  }

  private static BadField volume(int at, String field, Map<String, Object> bad) {
    List<Object> volumes = new ArrayList<>();
    volumes.add(vol("data", "/data", "persistentVolumeClaim", "imagenet"));
    volumes.add(at, bad);
    return new BadField(
        "volumes[" + at + "]" + ("hostPath".equals(field) ? "." + field : "." + field),
        "volumes",
        volumes);
  }

  /** A sweep spec the reader must refuse: its grid, its values or its cap, with the field. */
  public record BadSweep(String field, Map<String, Object> spec) {
    @Override
    public String toString() {
      String shown = spec.toString();
      return field + ": " + (shown.length() > 120 ? shown.substring(0, 120) + "…" : shown);
    }
  }

  public static Arbitrary<BadSweep> sweeps() {
    Arbitrary<BadSweep> tooMany =
        Combinators.combine(
                Arbitraries.integers().between(2, 200), Arbitraries.integers().between(2, 8))
            .as((parameters, values) -> grid(parameters, values))
            .filter(grid -> grid.size() > 32 || product(grid) > 10_000)
            .map(grid -> sweep("parameters", grid, null));
    Arbitrary<BadSweep> tooManyValues =
        Arbitraries.integers()
            .between(10_001, 20_000)
            .map(n -> sweep("parameters.seed", Map.of("seed", range(n)), null));
    Arbitrary<BadSweep> badValues =
        Arbitraries.oneOf(
                withControlCharacter().map(v -> (Object) v),
                huge(1025).map(v -> (Object) v),
                Arbitraries.of(Map.of("a", 1), List.of(1, 2)).map(v -> (Object) v))
            .map(v -> sweep("parameters.lr[1]", Map.of("lr", List.of("1e-4", v)), null));
    Arbitrary<BadSweep> badCap =
        outside(1, 100_000).map(cap -> sweep("maxParallel", Map.of("lr", List.of(1, 2)), cap));
    Arbitrary<BadSweep> badNames =
        Arbitraries.oneOf(texts(), huge(65), withControlCharacter())
            .filter(n -> !n.matches("[A-Za-z0-9_.-]{1,64}"))
            .map(n -> sweep("parameters.", Map.of(n, List.of(1)), null));
    return Arbitraries.oneOf(tooMany, tooManyValues, badValues, badCap, badNames);
  }

  private static Map<String, Object> grid(int parameters, int values) {
    Map<String, Object> grid = new LinkedHashMap<>();
    for (int i = 0; i < parameters; i++) {
      grid.put("p" + i, range(values));
    }
    return grid;
  }

  private static double product(Map<String, Object> grid) {
    double product = 1;
    for (Object values : grid.values()) {
      product *= ((List<?>) values).size();
    }
    return product;
  }

  private static List<Integer> range(int n) {
    List<Integer> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(i);
    }
    return values;
  }

  private static BadSweep sweep(String field, Map<String, Object> parameters, Object cap) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("name", "grid");
    spec.put("template", validJob());
    spec.put("parameters", parameters);
    if (cap != null) {
      spec.put("maxParallel", cap);
    }
    return new BadSweep(field, spec);
  }

  /**
   * Bodies that are not a spec at all: nested past any sane depth, not UTF-8, YAML aliases, fields
   * given twice, lists or scalars at the top, or over the size limit.
   */
  public static Arbitrary<String> malformed() {
    Arbitrary<String> deep =
        Combinators.combine(
                Arbitraries.integers().between(33, 3000), Arbitraries.of("[", "{\"a\":"))
            .as(
                (depth, open) ->
                    "{\"image\": \"t:1\", \"command\": "
                        + open.repeat(depth)
                        + "1"
                        + (open.equals("[") ? "]" : "}").repeat(depth)
                        + "}");
    Arbitrary<String> deepYaml =
        Arbitraries.integers()
            .between(33, 500)
            .map(depth -> "image: t:1\ncommand: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
    Arbitrary<String> aliases =
        Arbitraries.of("image", "duration", "deadline", "command")
            .map(
                key ->
                    "x: &v "
                        + ("command".equals(key) ? "[a]" : "t:1")
                        + "\nimage: t:1\nduration: 1h\ndeadline: 2d\n"
                        + key
                        + ": *v\n");
    Arbitrary<String> duplicates =
        Arbitraries.of("image", "gpus", "duration", "deadline")
            .map(
                key ->
                    "{\"image\": \"t:1\", \"duration\": \"1h\", \"deadline\": \"2d\", \""
                        + key
                        + "\": 1, \""
                        + key
                        + "\": 2}");
    Arbitrary<String> notMappings =
        Arbitraries.of(
            "[]", "[1, 2]", "42", "\"text\"", "null", "", "   ", "---", "- a\n- b", "true");
    Arbitrary<String> broken = texts().map(t -> "{\"image\": " + t).filter(t -> !t.endsWith("}"));
    return Arbitraries.oneOf(deep, deepYaml, aliases, duplicates, notMappings, broken);
  }

  /** Bytes that are not UTF-8: Latin-1 accents, lone continuation bytes, overlong forms. */
  public static Arbitrary<byte[]> notUtf8() {
    return Combinators.combine(
            Arbitraries.of(
                new byte[] {(byte) 0xe9},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xff, (byte) 0xfe},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
            Arbitraries.integers().between(0, 20))
        .as(
            (bad, at) -> {
              byte[] valid =
                  "{\"image\": \"train:1\", \"duration\": \"1h\"}"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8);
              int i = Math.min(at + 11, valid.length - 2);
              byte[] body = new byte[valid.length + bad.length];
              System.arraycopy(valid, 0, body, 0, i);
              System.arraycopy(bad, 0, body, i, bad.length);
              System.arraycopy(valid, i, body, i + bad.length, valid.length - i);
              return body;
            });
  }
}
