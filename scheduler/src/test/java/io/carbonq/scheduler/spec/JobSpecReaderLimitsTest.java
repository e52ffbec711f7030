package io.carbonq.scheduler.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.fleet.Fleet;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limits of a spec: what the queue could not store exactly, run, or afford is refused. */
class JobSpecReaderLimitsTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final String JOB = "image: t:1\nduration: 1h\ndeadline: 2d\n";
  final JobSpecReader reader =
      new JobSpecReader(new Fleet(ConfigLoader.bundledDefault()), () -> "job-generated");

  List<String> errorsOf(String yaml) {
    return errors(() -> reader.job(JobSpecReader.parse(yaml), "ada", NOW));
  }

  List<String> sweepErrorsOf(String yaml) {
    return errors(() -> reader.sweep(JobSpecReader.parse(yaml), "ada", NOW));
  }

  static List<String> errors(Runnable read) {
    try {
      read.run();
    } catch (SpecException e) {
      return e.errors().stream().map(SpecException.FieldError::toString).toList();
    }
    throw new AssertionError("expected the spec to be refused");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "PT0.5S                  | duration: must be whole seconds (the queue stores whole seconds), got 'PT0.5S'",
        "PT0.000000001S          | duration: must be whole seconds (the queue stores whole seconds), got 'PT0.000000001S'",
        "PT1H0.25S               | duration: must be whole seconds (the queue stores whole seconds), got 'PT1H0.25S'",
        "30s                     | duration: must be from 1m to 90d, got 30s",
        "91d                     | duration: must be from 1m to 90d, got 91d",
        "P36500D                 | duration: must be from 1m to 90d, got 36500d",
        "PT9223372036854775807S  | duration: must be from 1m to 90d, got 106751991167300d15h30m7s",
        "PT-5H                   | duration: must be from 1m to 90d, got 'PT-5H'",
        "PT-9223372036854775808S | duration: must be from 1m to 90d, got 'PT-9223372036854775808S'"
      })
  void aDurationIsWholeSecondsFromAMinuteToNinetyDays(String duration, String expected) {
    assertThat(errorsOf("{image: t, duration: '" + duration + "', deadline: 2d}"))
        .containsExactly(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "deadline: PT9223372036854775807S           | deadline: must be within 365d of now, got 'PT9223372036854775807S'",
        "deadline: '+999999999-12-31T23:59:59Z'     | deadline: is more than 365d ahead (now is 2026-11-27T12:00:00Z): +999999999-12-31T23:59:59Z",
        "deadline: PT36H0.5S                        | deadline: must be a whole second, got 'PT36H0.5S'",
        "deadline: 2026-11-29T00:00:00.5Z           | deadline: must be a whole second, got '2026-11-29T00:00:00.5Z'",
        "earliestStart: '-999999999-01-01T00:00Z'   | earliestStart: is more than 365d in the past (now is 2026-11-27T12:00:00Z): -999999999-01-01T00:00:00Z",
        "earliestStart: P999999999D                 | earliestStart: must be within 365d of now, got 'P999999999D'",
        "earliestStart: PT-9223372036854775808S     | earliestStart: must be within 365d of now, got 'PT-9223372036854775808S'",
        "earliestStart: 2026-11-27T13:00:00.001Z    | earliestStart: must be a whole second, got '2026-11-27T13:00:00.001Z'"
      })
  void timesAreWholeSecondsWithinAYearOfNow(String field, String expected) {
    String spec =
        "image: t\nduration: 1h\n" + (field.startsWith("deadline") ? "" : "deadline: 2d\n");
    assertThat(errorsOf(spec + field)).containsExactly(expected);
  }

  @Test
  void aGridWhoseTrialCountOverflowsIsRefusedNamingTheGridAndTheLimit() {
    String forty = IntStream.range(0, 40).mapToObj(i -> "p" + i + ": [1, 2, 3]").collect(joining());
    String sixtyFour =
        IntStream.range(0, 30).mapToObj(i -> "p" + i + ": [1, 2]").collect(joining());

    assertThat(
            sweepErrorsOf(
                "name: s\ntemplate: {"
                    + JOB.replace("\n", ", ")
                    + "}\nparameters: {"
                    + forty
                    + "}"))
        .containsExactly("parameters: has 40 parameters; a sweep varies at most 32");
    assertThat(
            sweepErrorsOf(
                "name: s\ntemplate: {"
                    + JOB.replace("\n", ", ")
                    + "}\nparameters: {"
                    + sixtyFour
                    + "}"))
        .containsExactly(
            "parameters: the grid p0 (2) × p1 (2) × p2 (2) × p3 (2) × p4 (2) × p5 (2) × … (30"
                + " parameters) makes more than 10000 trials, the limit: drop values or split the"
                + " sweep");
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  @Test
  void aSweepsValuesAreScalarsAndItsSpecsFitTheStore() {
    String template =
        "template: {image: t, duration: 1h, deadline: 2d, env: {PAD: '"
            + "x".repeat(20_000)
            + "'}}\n";
    String values = IntStream.range(0, 5000).mapToObj(String::valueOf).collect(joining());

    assertThat(sweepErrorsOf("name: s\n" + template + "parameters: {seed: [" + values + "]}"))
        .singleElement()
        .asString()
        .startsWith("template: 5000 trials of this template would store ")
        .endsWith(
            "KiB of specs; the limit is 65536 KiB: shrink the template (env, command) or the grid");
    assertThat(
            sweepErrorsOf(
                "name: s\ntemplate: {image: t, duration: 1h, deadline: 2d}\n"
                    + "parameters: {lr: [1, {a: b}, \"x\\0y\"]}"))
        .containsExactly(
            "parameters.lr[1]: must be a text or a number, got a mapping",
            "parameters.lr[2]: holds the control character U+0000 at index 1; only tab and line"
                + " breaks are allowed");
  }

  @Test
  void volumesAreCheckedAsKubernetesChecksThem() {
    assertThat(
            errorsOf(
                JOB
                    + """
                    volumes:
                      - {name: root, mountPath: /, emptyDir: {}}
                      - {name: up, mountPath: /../../etc, emptyDir: {}}
                      - {name: colon, mountPath: "/a:b", emptyDir: {}}
                      - {name: nul, mountPath: "/a\\0b", emptyDir: {}}
                      - {name: up-claim, mountPath: /c1, persistentVolumeClaim: ../x}
                      - {name: upper, mountPath: /c2, secret: My_Claim}
                      - {name: cm, mountPath: /c3, configMap: ""}
                      - {name: flag, mountPath: /c4, emptyDir: {}, readOnly: "yes"}
                      - {name: data, mountPath: /data, emptyDir: {}}
                      - {name: data, mountPath: /other, emptyDir: {}}
                      - {name: again, mountPath: /data, emptyDir: {}}
                    """))
        .containsExactly(
            "volumes[0].mountPath: must not be '/': the volume would hide the image's whole file"
                + " system, got '/'",
            "volumes[1].mountPath: must be a clean path: no '.', '..' or empty segments and no"
                + " trailing '/', got '/../../etc'",
            "volumes[2].mountPath: must not contain ':', got '/a:b'",
            "volumes[3].mountPath: must not contain control characters, got '/a\\u0000b'",
            "volumes[4].persistentVolumeClaim: must be a Kubernetes object name (a DNS-1123"
                + " subdomain): at most 253 lower-case letters, digits, '-' or '.', starting and"
                + " ending with a letter or digit, got '../x'",
            "volumes[5].secret: must be a Kubernetes object name (a DNS-1123 subdomain): at most"
                + " 253 lower-case letters, digits, '-' or '.', starting and ending with a letter or"
                + " digit, got 'My_Claim'",
            "volumes[6].configMap: must name its source, e.g. imagenet, got ''",
            "volumes[7].readOnly: must be true or false, got 'yes'",
            "volumes[9].name: 'data' is also the name of volumes[8]",
            "volumes[10].mountPath: /data is also where volumes[8] is mounted");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "image: \"a\\nb\"                 | image: 'a\\u000ab' is not an image reference such as ghcr.io/lab/train:1.4 or registry:5000/team/train@sha256:<digest> (the path in lower case, no spaces)",
        "image: Train:1                  | image: 'Train:1' is not an image reference such as ghcr.io/lab/train:1.4 or registry:5000/team/train@sha256:<digest> (the path in lower case, no spaces)",
        "command: [\"python\", \"a\\0b\"]  | command[1]: holds the control character U+0000 at index 1; only tab and line breaks are allowed",
        "args: [\"\\e[31m\"]             | args[0]: holds the control character U+001B at index 0; only tab and line breaks are allowed",
        "env: {KEY: \"a\\0b\"}            | env.KEY: holds the control character U+0000 at index 1; only tab and line breaks are allowed",
        "env: {\"A B\": x}                | env.'A B': is not a valid variable name (letters, digits, '_')",
        "env: {\"A\\0\": x}               | env.'A\\u0000': is not a valid variable name (letters, digits, '_')",
        "gpus: 9999999999999             | gpus: must be between 1 and 4096, got 9999999999999",
        "priority: -2147483649           | priority: must be between -1000 and 1000, got -2147483649",
        "name: café                      | name: 'café' must be 1-56 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit"
      })
  void freeTextsHoldNoControlCharactersAndImagesAreReferences(String field, String expected) {
    String spec =
        "duration: 1h\ndeadline: 2d\n" + (field.startsWith("image") ? "" : "image: t\n") + field;
    assertThat(errorsOf(spec)).containsExactly(expected);
  }

  @Test
  void aLongImageOrNameIsRefusedWithoutEchoingAllOfIt() {
    List<String> errors =
        errorsOf(
            "duration: 1h\ndeadline: 2d\nimage: "
                + "a".repeat(2000)
                + "\nname: "
                + "b".repeat(500));

    assertThat(errors)
        .containsExactly(
            "name: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…' (500 characters)"
                + " must be 1-56 lower-case letters, digits, '-' or '.', starting and ending with a"
                + " letter or digit",
            "image: is 2000 characters long; an image reference is at most 1024");
    assertThat(
            reader
                .job(JobSpecReader.parse(JOB + "command: [\"multi\\nline\\tscript\"]"), "ada", NOW)
                .command())
        .containsExactly("multi\nline\tscript");
  }

  @Test
  void yamlAnchorsAndAliasesDuplicateFieldsAndDeepNestingAreRefused() {
    assertThatThrownBy(() -> JobSpecReader.parse("image: &img t:1\ncommand: [*img]\n"))
        .hasMessage(
            "invalid spec: (spec): uses the YAML alias *img at line 2, column 11; aliases are not"
                + " supported: write the value out");
    assertThatThrownBy(() -> JobSpecReader.parse("base: {gpus: 1}\nother: *base\n"))
        .hasMessageContaining("uses the YAML alias *base at line 2");
    assertThatThrownBy(() -> JobSpecReader.parse("{\"gpus\": 1, \"gpus\": 4096}"))
        .hasMessageContaining("Duplicate field 'gpus'");
    assertThatThrownBy(() -> JobSpecReader.parse("gpus: 1\ngpus: 2\n"))
        .hasMessageContaining("Duplicate field 'gpus'");
    assertThatThrownBy(
            () -> JobSpecReader.parse("{\"command\": " + "[".repeat(40) + "]".repeat(40) + "}"))
        .hasMessageContaining("(spec): is too large or too deeply nested")
        .hasMessageContaining("exceeds the maximum allowed (32)");
    assertThatThrownBy(() -> JobSpecReader.parse("{\"gpus\": 1} {\"gpus\": 2}"))
        .hasMessageContaining("(spec): is not valid YAML or JSON");
  }

  @Test
  void aBodyMustBeUtf8AndAFileIsReadOnlyUpToTheLimit(@TempDir Path dir) throws IOException {
    assertThatThrownBy(
            () -> JobSpecReader.parse("image: caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)))
        .hasMessage("invalid spec: (spec): is not UTF-8 text");
    assertThat(
            JobSpecReader.parse("\uFEFFimage: café".getBytes(StandardCharsets.UTF_8))
                .path("image")
                .asText())
        .isEqualTo("café");
    Path huge = dir.resolve("huge.yaml");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(1L << 30);
    }
    assertThatThrownBy(() -> JobSpecReader.readFile(huge))
        .hasMessage(
            "invalid spec: (file): is larger than 256 KiB, the limit for this file; is it the right"
                + " file?");
    assertThatThrownBy(() -> JobSpecReader.readFile(dir.resolve("missing.yaml")))
        .hasMessage("invalid spec: (file): does not exist");
    Files.writeString(dir.resolve("job.yaml"), JOB);
    assertThat(JobSpecReader.readFile(dir.resolve("job.yaml")).path("image").asText())
        .isEqualTo("t:1");
    if (Files.isReadable(Path.of("/dev/zero"))) {
      assertThatThrownBy(() -> JobSpecReader.readFile(Path.of("/dev/zero")))
          .hasMessageContaining("(file): is larger than 256 KiB");
    }
  }
}
