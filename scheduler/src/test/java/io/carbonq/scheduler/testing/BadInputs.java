package io.carbonq.scheduler.testing;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.carbonq.config.DurationText;
import io.carbonq.scheduler.domain.StorableText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Seeded generators of invalid and extreme values for a job or sweep spec, each with the field its
 * error must name: durations from 1 ns to centuries, counts near the integer limits, control
 * characters, unicode and huge texts, volumes Kubernetes would refuse, grids that overflow, bodies
 * nested too deep or not UTF-8. Shared by the property tests of the REST API, the command line and
 * the configuration file.
 *
 * <p>The same seed gives the same inputs in the same order, so an input is found again by its seed
 * and its number, which {@link #tests} puts in every test's name. Not thread-safe.
 */
public final class BadInputs {
  /** Now, as the property tests' clocks say. */
  public static final Instant NOW = Instant.parse("2023-03-13T08:00:00Z");

  /** Draws before {@link #draw} gives up on finding an input it may keep. */
  private static final int MAX_DRAWS = 10_000;

  private static final long NINETY_DAYS = Duration.ofDays(90).toSeconds();
  private static final long MAX_INSTANT = Instant.MAX.getEpochSecond();

  private final long seed;
  private final Random random;

  public BadInputs(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /**
   * {@code count} tests, one an input, each named by the seed, its number (from 1, as the test
   * reports number them) and the input and run by {@code check}; a failure's message starts with
   * that name, so whatever reports it tells how to find the input again. Inputs are drawn as the
   * tests run, so huge ones are not all held at once.
   */
  public <T> Stream<DynamicTest> tests(
      int count, IntFunction<T> input, ThrowingConsumer<? super T> check) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> {
              T value = input.apply(i);
              String name = "seed " + seed + " #" + (i + 1) + ": " + shown(value, 160);
              return dynamicTest(
                  name,
                  () -> {
                    try {
                      check.accept(value);
                    } catch (AssertionError failure) {
                      throw new AssertionError(name + "\n" + failure.getMessage(), failure);
                    } catch (Throwable failure) {
                      throw new AssertionError(name + "\n" + failure, failure);
                    }
                  });
            });
  }

  /**
   * {@code value} as a line: a byte array as UTF-8 (bytes that are not UTF-8 shown as U+FFFD),
   * control characters escaped, cut after {@code max} characters.
   */
  public static String shown(Object value, int max) {
    String text =
        value instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : String.valueOf(value);
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < text.length() && i < max; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i == max - 1) {
        break; // half a pair would not survive the test reports' UTF-8
      }
      shown.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return text.length() > max ? shown + "… (" + text.length() + " chars)" : shown.toString();
  }

  // The draws every generator is made of.

  /** Which of {@code count} alternatives, each as likely. */
  public int choice(int count) {
    return random.nextInt(count);
  }

  /** One of {@code values}, each as likely. */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }

  /**
   * A whole number from {@code near} to {@code far}, both included (either may be the larger): each
   * end now and then, otherwise a distance from {@code near} whose number of binary digits is as
   * likely small as large, so values a step past a limit are tried as often as the far ones.
   */
  public long spread(long near, long far) {
    int pick = random.nextInt(16);
    if (pick == 0) {
      return near;
    }
    if (pick == 1) {
      return far;
    }
    // Unsigned: from Long.MIN_VALUE to 0 is one more than Long.MAX_VALUE.
    long distance = far >= near ? far - near : near - far;
    if (distance == 0) {
      return near;
    }
    int bits = 1 + random.nextInt(64 - Long.numberOfLeadingZeros(distance));
    long step;
    do {
      step = random.nextLong() >>> (64 - bits);
    } while (Long.compareUnsigned(step, distance) > 0);
    return far >= near ? near + step : near - step;
  }

  /** A number from {@code near} to {@code far}, spread over their magnitudes like the above. */
  public double spread(double near, double far) {
    int pick = random.nextInt(16);
    if (pick == 0) {
      return near;
    }
    if (pick == 1) {
      return far;
    }
    double step = Math.expm1(random.nextDouble() * Math.log1p(Math.abs(far - near)));
    return far >= near ? Math.min(far, near + step) : Math.max(far, near - step);
  }

  /** The first value of {@code generator} that {@code keep} accepts. */
  public <T> T draw(Supplier<T> generator, Predicate<? super T> keep) {
    for (int i = 0; i < MAX_DRAWS; i++) {
      T value = generator.get();
      if (keep.test(value)) {
        return value;
      }
    }
    throw new IllegalStateException(
        "seed " + seed + ": no value kept in " + MAX_DRAWS + " draws; loosen the filter");
  }

  // Values of one field.

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
      return field + " = " + shown(value, 80);
    }
  }

  public static Map<String, Object> validJob() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", "ghcr.io/lab/train:1.4");
    spec.put("duration", "1h");
    spec.put("deadline", "2d");
    return spec;
  }

  /** A duration the queue cannot store exactly or that is out of range, as people write it. */
  public String duration() {
    return draw(
        () ->
            switch (choice(5)) {
              case 0 ->
                  Duration.ofSeconds(spread(0, NINETY_DAYS), spread(1, 999_999_999)).toString();
              case 1 -> {
                long s = spread(0, 59);
                yield oneOf(s + "s", "PT" + s + "S", "0m", "0d", "PT0S", "0h" + s + "s");
              }
              case 2 -> {
                long s = spread(NINETY_DAYS + 1, Long.MAX_VALUE);
                yield oneOf("PT" + s + "S", (s / 86_400 + 1) + "d", "P" + (s / 86_400 + 1) + "D");
              }
              case 3 -> "PT-" + spread(1, Long.MAX_VALUE / 2) + "S";
              default ->
                  choice(2) == 0
                      ? text()
                      : oneOf(
                          "1.5h", "-1h", "1h-", "P", "PT", "90m30", "1e3s", "∞", "0x10h", "NaN");
            },
        text -> !validDuration(text));
  }

  private static boolean validDuration(String text) {
    return DurationText.parse(text)
        .filter(d -> d.getNano() == 0)
        .filter(d -> d.compareTo(Duration.ofMinutes(1)) >= 0)
        .filter(d -> d.compareTo(Duration.ofDays(90)) <= 0)
        .isPresent();
  }

  /**
   * A deadline or earliest start that is fractional, absurdly far, malformed or (deadline) past.
   */
  public BadField time() {
    if (choice(2) == 0) {
      return new BadField(
          "earliestStart", "earliestStart", draw(this::badTime, BadInputs::notATime));
    }
    Supplier<String> deadline = () -> choice(2) == 0 ? badTime() : pastTime();
    return new BadField("deadline", "deadline", draw(deadline, BadInputs::notATime));
  }

  private String badTime() {
    return switch (choice(4)) {
      case 0 ->
          NOW.plusSeconds(spread(3600, Duration.ofDays(300).toSeconds()))
              .plusNanos(spread(1, 999_999_999))
              .toString();
      case 1 -> {
        long s = spread(Duration.ofDays(366).toSeconds(), MAX_INSTANT - NOW.getEpochSecond());
        yield oneOf(
            NOW.plusSeconds(s).toString(),
            NOW.minusSeconds(Math.min(s, NOW.getEpochSecond() - Instant.MIN.getEpochSecond()))
                .toString(),
            "PT" + s + "S",
            "P" + (s / 86_400 + 1) + "D");
      }
      case 2 ->
          oneOf(
              "+999999999-12-31T23:59:59Z",
              "-999999999-01-01T00:00:00Z",
              "PT9223372036854775807S",
              "PT-9223372036854775808S",
              "99999999999999999999d",
              "2023-02-30T00:00Z",
              "2023-03-14T25:00Z",
              "tomorrow");
      default -> text();
    };
  }

  private String pastTime() {
    return NOW.minusSeconds(spread(1, Duration.ofDays(365).toSeconds())).toString();
  }

  /** Random texts are bad times unless they happen to be a valid one; keep only sure misses. */
  private static boolean notATime(String text) {
    return DurationText.parse(text)
        .map(d -> d.getNano() != 0 || d.compareTo(Duration.ofDays(365)) > 0 || d.isNegative())
        .orElse(true);
  }

  /** A number outside a whole-number range: near the integer limits, huge, fractional, or text. */
  public Object outside(long min, long max) {
    return switch (choice(5)) {
      case 0 -> spread(min - 1, Long.MIN_VALUE);
      case 1 -> spread(max + 1, Long.MAX_VALUE);
      case 2 ->
          oneOf(
              Integer.MAX_VALUE,
              Integer.MIN_VALUE,
              (long) Integer.MAX_VALUE + 1,
              (long) Integer.MIN_VALUE - 1,
              Long.MAX_VALUE,
              Long.MIN_VALUE,
              new BigInteger("9".repeat(60)),
              new BigInteger("-" + "9".repeat(60)),
              new BigDecimal("1E+400"),
              new BigDecimal("-1E+400"));
      case 3 ->
          draw(
              () -> BigDecimal.valueOf(spread(min * 1000, max * 1000), 3),
              d -> d.stripTrailingZeros().scale() > 0);
      default -> oneOf("8", "eight", "", "1e3", "0x10", "true");
    };
  }

  /** A count of a job out of range: GPUs or priority. */
  public BadField count() {
    return choice(2) == 0
        ? new BadField("gpus", "gpus", outside(1, 4096))
        : new BadField("priority", "priority", outside(-1000, 1000));
  }

  /**
   * Any text: unicode of the basic plane and beyond (emoji, mathematical letters), control
   * characters, up to a few hundred characters; never half a surrogate pair, which UTF-8 cannot
   * carry to the server.
   */
  public String text() {
    int length = (int) spread(0, 300);
    StringBuilder text = new StringBuilder(length + 8);
    for (int i = 0; i < length; i++) {
      text.append(character());
    }
    text.insert((int) Math.min(spread(0, 300), length), oneOf("", "😀", "𝔘𝔫𝔦", "🇩🇪", "👩‍🔬"));
    return text.toString();
  }

  /** A character of the basic plane other than a surrogate: ASCII one time in four. */
  private char character() {
    if (choice(4) == 0) {
      return (char) random.nextInt(0x80);
    }
    int c = random.nextInt(0x10000 - (0xe000 - 0xd800));
    return (char) (c < 0xd800 ? c : c + (0xe000 - 0xd800));
  }

  /** A text holding at least one control character other than tab and line breaks. */
  public String withControlCharacter() {
    return draw(
        () -> {
          char control =
              draw(
                  () -> (char) random.nextInt(0xa0),
                  c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
          String text = text();
          int at = (int) Math.min(spread(0, 300), text.length());
          return text.substring(0, at) + control + text.substring(at);
        },
        BadInputs::noLoneSurrogate);
  }

  /** The control character may have split a surrogate pair; a NUL alone is what we want. */
  private static boolean noLoneSurrogate(String text) {
    return StorableText.problem(text.replace('\0', ' ')).isEmpty();
  }

  /** A text over {@code min} characters, as a person pasting the wrong thing would send it. */
  public String huge(int min) {
    StringBuilder unit = new StringBuilder();
    for (long i = spread(1, 8); i > 0; i--) {
      unit.append((char) ('a' + random.nextInt(26)));
    }
    long length = spread(min, 3L * min);
    return unit.toString().repeat((int) (length / unit.length() + 1));
  }

  /** A bad image, command, environment or name, with the field its error names. */
  public BadField textField() {
    return switch (choice(5)) {
      case 0 -> new BadField("image", "image", draw(this::anyImage, BadInputs::notAnImage));
      case 1 -> {
        int at = (int) spread(0, 3);
        List<Object> parts = new ArrayList<>(List.of("python", "train.py", "--lr", "1"));
        parts.add(at, withControlCharacter());
        yield new BadField("command[" + at + "]", "command", parts);
      }
      case 2 -> new BadField("env.SEED", "env", Map.of("SEED", withControlCharacter()));
      case 3 -> {
        String name =
            draw(
                () -> oneOf(text(), withControlCharacter(), huge(257)),
                n -> !n.matches("[A-Za-z_][A-Za-z0-9_]{0,255}"));
        yield new BadField("env.", "env", Map.of(name, "x"));
      }
      default ->
          new BadField(
              "name",
              "name",
              draw(
                  () -> oneOf(text(), withControlCharacter(), huge(57)),
                  n -> !n.isBlank() && !n.strip().matches("[a-z0-9]([a-z0-9.-]{0,54}[a-z0-9])?")));
    };
  }

  private String anyImage() {
    return switch (choice(4)) {
      case 0 -> withControlCharacter();
      case 1 -> huge(1025);
      case 2 -> "ghcr.io/lab/" + text() + ":1";
      default -> oneOf("Train:1", "train:1 ", "a\nb", "a b", "/train", "train:", "@sha256:x");
    };
  }

  private static boolean notAnImage(String image) {
    return !image.isBlank() && !image.strip().matches("[a-z0-9./:_-]+");
  }

  /** A volume Kubernetes would refuse, or one that collides, with the field path of the error. */
  public BadField volume() {
    return switch (choice(6)) {
      case 0 -> volume(1, "mountPath", vol("v", badMountPath(), "emptyDir", Map.of()));
      case 1 -> {
        String name =
            draw(
                () -> choice(2) == 0 ? text() : oneOf("../x", "My_Claim", "-a", "a-", "a_b", ""),
                n -> !n.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"));
        yield volume(1, "name", vol(name, "/v", "emptyDir", Map.of()));
      }
      case 2 -> {
        String kind = oneOf("persistentVolumeClaim", "configMap", "secret");
        yield volume(1, kind, vol("v", "/v", kind, badSourceName()));
      }
      case 3 -> {
        Map<String, Object> v = vol("v", "/v", "emptyDir", Map.of());
        v.put("readOnly", oneOf("yes", "true", "no", 1, 0, "on", List.of(true)));
        yield volume(1, "readOnly", v);
      }
      case 4 ->
          choice(2) == 0
              ? volume(1, "name", vol("data", "/other", "emptyDir", Map.of()))
              : volume(1, "mountPath", vol("other", "/data", "emptyDir", Map.of()));
      default -> volume(1, "hostPath", vol("v", "/v", "hostPath", "/var/lib"));
    };
  }

  private String badMountPath() {
    return switch (choice(3)) {
      case 0 ->
          oneOf(
              "/",
              "/../../etc",
              "/a:b",
              "/a\0b",
              "relative",
              "",
              "/data/",
              "//data",
              "/a/./b",
              "/a/../b");
      case 1 -> "/" + withControlCharacter();
      default -> "/" + huge(1025);
    };
  }

  private String badSourceName() {
    return draw(
        () ->
            switch (choice(3)) {
              case 0 -> text();
              case 1 -> huge(254);
              default -> oneOf("../x", "My_Claim", "a..b", ".a", "a b");
            },
        n ->
            !n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
                || n.length() > 253);
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
    return new BadField("volumes[" + at + "]." + field, "volumes", volumes);
  }

  // Whole specs and bodies.

  /** A sweep spec the reader must refuse: its grid, its values or its cap, with the field. */
  public record BadSweep(String field, Map<String, Object> spec) {
    @Override
    public String toString() {
      return field + ": " + shown(spec, 120);
    }
  }

  public BadSweep sweep() {
    return switch (choice(5)) {
      case 0 ->
          sweep(
              "parameters",
              draw(
                  () -> grid((int) spread(2, 200), (int) spread(2, 8)),
                  grid -> grid.size() > 32 || product(grid) > 10_000),
              null);
      case 1 -> sweep("parameters.seed", Map.of("seed", range((int) spread(10_001, 20_000))), null);
      case 2 -> {
        Object value =
            switch (choice(3)) {
              case 0 -> withControlCharacter();
              case 1 -> huge(1025);
              default -> oneOf(Map.of("a", 1), List.of(1, 2));
            };
        yield sweep("parameters.lr[1]", Map.of("lr", List.of("1e-4", value)), null);
      }
      case 3 -> sweep("maxParallel", Map.of("lr", List.of(1, 2)), outside(1, 100_000));
      default -> {
        String name =
            draw(
                () -> oneOf(text(), huge(65), withControlCharacter()),
                n -> !n.matches("[A-Za-z0-9_.-]{1,64}"));
        yield sweep("parameters.", Map.of(name, List.of(1)), null);
      }
    };
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
   * A body that is no spec at all: nested past any sane depth, YAML aliases, fields given twice, a
   * list or scalar at the top, or cut short.
   */
  public String malformed() {
    return switch (choice(6)) {
      case 0 -> {
        long depth = spread(33, 3000);
        String open = oneOf("[", "{\"a\":");
        String close = open.equals("[") ? "]" : "}";
        yield "{\"image\": \"t:1\", \"command\": "
            + open.repeat((int) depth)
            + "1"
            + close.repeat((int) depth)
            + "}";
      }
      case 1 -> {
        int depth = (int) spread(33, 500);
        yield "image: t:1\ncommand: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
      }
      case 2 -> {
        String key = oneOf("image", "duration", "deadline", "command");
        yield "x: &v "
            + ("command".equals(key) ? "[a]" : "t:1")
            + "\nimage: t:1\nduration: 1h\ndeadline: 2d\n"
            + key
            + ": *v\n";
      }
      case 3 -> {
        String key = oneOf("image", "gpus", "duration", "deadline");
        yield "{\"image\": \"t:1\", \"duration\": \"1h\", \"deadline\": \"2d\", \""
            + key
            + "\": 1, \""
            + key
            + "\": 2}";
      }
      case 4 ->
          oneOf("[]", "[1, 2]", "42", "\"text\"", "null", "", "   ", "---", "- a\n- b", "true");
      default -> draw(() -> "{\"image\": " + text(), t -> !t.endsWith("}"));
    };
  }

  /**
   * A spec whose bytes are not UTF-8: a Latin-1 accent, a lone continuation byte, overlong forms.
   */
  public byte[] notUtf8() {
    byte[] bad =
        oneOf(
            new byte[] {(byte) 0xe9},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {(byte) 0xff, (byte) 0xfe},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
    byte[] valid =
        "{\"image\": \"train:1\", \"duration\": \"1h\"}".getBytes(StandardCharsets.UTF_8);
    int at = (int) Math.min(spread(0, 20) + 11, valid.length - 2);
    byte[] body = new byte[valid.length + bad.length];
    System.arraycopy(valid, 0, body, 0, at);
    System.arraycopy(bad, 0, body, at, bad.length);
    System.arraycopy(valid, at, body, at + bad.length, valid.length - at);
    return body;
  }
}
