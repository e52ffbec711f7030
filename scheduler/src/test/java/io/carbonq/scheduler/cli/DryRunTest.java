package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dry-run}: a spec checked and shown with no server at all. */
class DryRunTest {
  static final Instant MONDAY = Instant.parse("2023-03-13T08:00:00Z");
  @TempDir Path files;

  record Result(int exit, String out, String err) {}

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            Clock.fixed(MONDAY, ZoneOffset.UTC),
            new PrintWriter(out),
            new PrintWriter(err),
            // Nothing listens here: a dry run must not need it.
            Map.of("CARBONQ_SERVER", "http://127.0.0.1:1", "HOME", files.toString()),
            files);
    return new Result(new Cli(context).run(args), out.toString(), err.toString());
  }

  @Test
  void aValidJobIsShownAndNothingIsAsked() {
    Result dry =
        run(
            "submit",
            "--dry-run",
            "--name",
            "llama-ft",
            "--image",
            "t:1",
            "--gpus",
            "8",
            "--gpu-model",
            "A100",
            "--duration",
            "06:00:00",
            "--deadline",
            "36h",
            "--interruptible",
            "--",
            "python",
            "train.py");

    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .startsWith(
            "would queue llama-ft: 8×A100 for 6h, deadline 2023-03-14T20:00:00Z (nothing queued:"
                + " a dry run)\n"
                + "  runs       t:1 python train.py\n"
                + "  not before 2023-03-13T08:00:00Z\n"
                + "  regions    gcp:europe-west3, ")
        .endsWith("  priority   0, interruptible\n");
    assertThat(dry.err()).isEmpty();
  }

  @Test
  void theHomeIsShownAsTheFlagsMakeIt() {
    String[] job = {
      "submit", "--dry-run", "--image", "t:1", "--duration", "1h", "--deadline", "2d"
    };

    Result none = run(job);
    Result listed = run(concat(job, "--region", "gcp:us-west2", "--region", "gcp:europe-west2"));
    Result named = run(concat(job, "--region", "gcp:us-west2", "--home", "gcp:europe-west3"));

    assertThat(none.out())
        .contains("  home       none: savings compare with the first free pool\n");
    assertThat(listed.out()).contains("  home       gcp:us-west2\n");
    assertThat(named.out()).contains("  regions    gcp:us-west2\n  home       gcp:europe-west3\n");
  }

  private static String[] concat(String[] first, String... more) {
    return java.util.stream.Stream.concat(
            java.util.Arrays.stream(first), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }

  @Test
  void anInvalidJobExitsWithTwoNamingEachField() {
    Result bad =
        run(
            "submit",
            "--dry-run",
            "--image",
            "x",
            "--gpus",
            "0",
            "--duration",
            "1:75:00",
            "--deadline",
            "1h");

    assertThat(bad.exit()).isEqualTo(Cli.BAD_INPUT);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err())
        .startsWith("error: Invalid job spec:\n  gpus: must be between 1 and 4096, got 0\n")
        .contains("  duration: must be a duration such as")
        .contains("in '1:75:00' the minutes are 0-59");
  }

  @Test
  void aSweepAndAnArrayAreShownAsJsonOrYamlAsTheServerWouldQueueThem() throws Exception {
    Path sweep =
        Files.writeString(
            files.resolve("sweep.yaml"),
            "name: lr\ntemplate: {image: 't:1', duration: 1h, deadline: 2d}\n"
                + "parameters: {lr: [0.1, 0.01]}\n");

    Result json = run("sweep", "--dry-run", sweep.toString(), "-o", "json");
    Result yaml =
        run(
            "submit",
            "--dry-run",
            "--array",
            "0-99%8",
            "--image",
            "t:1",
            "--duration",
            "1h",
            "--deadline",
            "2d",
            "-o",
            "yaml");
    Result table =
        run(
            "submit",
            "--dry-run",
            "--array",
            "0-15:5",
            "--name",
            "arr",
            "--image",
            "t:1",
            "--duration",
            "1h",
            "--deadline",
            "2d");

    JsonNode queued = new ObjectMapper().readTree(json.out());
    assertThat(queued.path("sweep").asText()).isEqualTo("lr");
    assertThat(queued.path("trials").findValuesAsText("id")).containsExactly("lr-000", "lr-001");
    assertThat(queued.path("trials").get(1).path("spec").path("command").toString())
        .isEqualTo("[\"--lr=0.01\"]");
    JsonNode array = new ObjectMapper(new YAMLFactory()).readTree(yaml.out());
    assertThat(yaml.exit()).as(yaml.err()).isZero();
    assertThat(array.path("maxParallel").asInt()).isEqualTo(8);
    assertThat(array.path("trials")).hasSize(100);
    assertThat(
            array
                .path("trials")
                .get(99)
                .path("spec")
                .path("env")
                .path("CARBONQ_ARRAY_TASK_ID")
                .asText())
        .isEqualTo("99");
    assertThat(table.out())
        .startsWith(
            "would queue sweep arr: 4 trials, at most 4 at once (nothing queued: a dry run)\n")
        .contains("  arr-0      CARBONQ_ARRAY_TASK_ID=0\n")
        .contains("  arr-15     CARBONQ_ARRAY_TASK_ID=15\n");
  }
}
