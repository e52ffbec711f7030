package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.cli.CliTest.run;
import static io.carbonq.scheduler.cli.CliTest.runOn;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The offline commands in an 80-column terminal, wide, as names, and without colour. */
class TerminalOutputTest {
  static final Terminal EIGHTY = Terminal.ofColumns(80);
  static final String ESC = "\u001b";

  /** Every line of {@code out} within {@code width} columns. */
  static void fits(String out, int width) {
    assertThat(out.lines())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(width));
  }

  static AbstractStringAssert<?> header(String out, String starting) {
    return assertThat(
        out.lines().filter(line -> line.startsWith(starting)).findFirst().orElseThrow());
  }

  @Test
  void demoFitsEightyColumnsWithItsEssentialColumns() {
    Result demo = runOn(EIGHTY, "demo");

    assertThat(demo.exit()).as(demo.err()).isZero();
    fits(demo.out(), 80);
    header(demo.out(), "JOB").contains("GPUS", "REGION", "WAIT", "kgCO2e", "SAVED");
    assertThat(demo.out())
        .contains("lr-sweep-015")
        .contains("gcp:northamerica-northeast2")
        .contains("Why:")
        .contains("deadlines         0 missed");
  }

  @Test
  void demoWideShowsEveryColumnUncut() {
    Result wide = runOn(EIGHTY, "demo", "-o", "wide");

    header(wide.out(), "JOB")
        .contains("GPUS", "REGION", "POOL", "START", "WAIT", "kgCO2e", "NOW kgCO2e", "SAVED");
    assertThat(wide.out())
        .contains("2023-03-13 18:00 UTC")
        .contains("(moved from gcp:europe-west3): 48% less than running now in gcp:europe-west3");
    assertThat(wide.out().lines()).anySatisfy(line -> assertThat(line.length()).isGreaterThan(80));
  }

  @Test
  void demoAsNamesPrintsEveryJobIdAndNothingElse() throws Exception {
    List<String> ids = run("demo", "-o", "json").json().findValuesAsText("job");

    assertThat(run("demo", "-o", "name").out().lines()).containsExactlyElementsOf(ids).hasSize(23);
  }

  @Test
  void estimateAndForecastFitEightyColumns() {
    Result estimate =
        runOn(
            EIGHTY,
            "estimate --gpu A100 --gpus 8 --hours 12 --region gcp:europe-west4 --at 2023-06-01T00:00Z"
                .split(" "));
    Result forecast =
        runOn(
            EIGHTY,
            "forecast --zone GB --hours 96 --duration 3h --at 2023-03-13T08:00Z".split(" "));

    assertThat(estimate.exit()).as(estimate.err()).isZero();
    fits(estimate.out(), 80);
    assertThat(estimate.out()).contains("emissions", "anywhere", "kgCO2e");
    assertThat(forecast.exit()).as(forecast.err()).isZero();
    fits(forecast.out(), 80);
    assertThat(forecast.out()).contains("┤", "^", "cleanest 3h window");
  }

  @Test
  void aWideForecastDrawsTheFullChart() {
    Result forecast =
        run("forecast --zone GB --hours 96 --at 2023-03-13T08:00Z -o wide".split(" "));

    assertThat(forecast.out().lines())
        .anySatisfy(
            line -> assertThat(line).hasSize(ForecastChart.AXIS + ForecastChart.MAX_COLUMNS));
  }

  @Test
  void simulateTablesFitEightyColumns() {
    Result parity = runOn(EIGHTY, "simulate", "--scenario", "parity-ml", "--job-sets", "1");
    Result main = runOn(EIGHTY, "simulate --copies 1 --limit 150 --policies B0,O1".split(" "));
    Result names = run("simulate --copies 1 --limit 150 --policies B0,O1 -o name".split(" "));

    fits(parity.out(), 80);
    header(parity.out(), "ZONE").contains("MODE", "carbonq %", "PUBLISHED %", "DIFF pp");
    assertThat(main.exit()).as(main.err()).isZero();
    fits(main.out(), 80);
    header(main.out(), "POLICY").contains("kgCO2e", "REDUCTION", "MISSED", "MEAN WAIT h");
    assertThat(names.out().lines()).containsExactly("B0", "O1");
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    assertThat(Terminal.detect(Map.of(), true, OptionalInt.of(120)))
        .isEqualTo(new Terminal(120, true, true));
    assertThat(Terminal.detect(Map.of("NO_COLOR", "1"), true, OptionalInt.of(120)).colour())
        .isFalse();
    assertThat(Terminal.detect(Map.of("NO_COLOR", ""), true, OptionalInt.of(120)).colour())
        .isTrue();
    assertThat(Terminal.detect(Map.of("TERM", "dumb"), true, OptionalInt.empty()).colour())
        .isFalse();
    assertThat(Terminal.detect(Map.of(), false, OptionalInt.empty())).isEqualTo(Terminal.PIPE);
  }

  @Test
  void onlyATerminalThatTakesControlSequencesMayBeRedrawnWhateverNoColorSays() {
    assertThat(Terminal.detect(Map.of("NO_COLOR", "1"), true, OptionalInt.of(80)).interactive())
        .isTrue();
    assertThat(Terminal.detect(Map.of("TERM", "dumb"), true, OptionalInt.of(80)).interactive())
        .isFalse();
    assertThat(Terminal.detect(Map.of("COLUMNS", "100"), false, OptionalInt.empty()).interactive())
        .isFalse();
  }

  @Test
  void theWidthIsColumnsElseTheTerminalsElseEightyOnATerminalAndUnlimitedInAPipe() {
    assertThat(Terminal.detect(Map.of("COLUMNS", "100"), false, OptionalInt.empty()).columns())
        .isEqualTo(100);
    assertThat(Terminal.detect(Map.of("COLUMNS", "100"), true, OptionalInt.of(132)).columns())
        .isEqualTo(100);
    assertThat(Terminal.detect(Map.of(), true, OptionalInt.of(132)).columns()).isEqualTo(132);
    assertThat(Terminal.detect(Map.of("COLUMNS", "wide"), true, OptionalInt.empty()).columns())
        .isEqualTo(80);
    assertThat(Terminal.detect(Map.of("COLUMNS", "12"), true, OptionalInt.empty()).columns())
        .isEqualTo(Terminal.MIN_COLUMNS);
    assertThat(Terminal.detect(Map.of(), false, OptionalInt.empty()).columns())
        .isEqualTo(Terminal.UNLIMITED);
  }

  @Test
  void aLineMayBeRedrawnInPlaceOnlyOnATerminalWhateverColumnsSays() {
    assertThat(Terminal.detect(Map.of("COLUMNS", "100"), false, OptionalInt.empty()).interactive())
        .isFalse();
    assertThat(Terminal.detect(Map.of(), true, OptionalInt.empty()).interactive()).isTrue();
    // A dumb terminal takes no control sequences: lines are appended, not redrawn.
    assertThat(Terminal.detect(Map.of("TERM", "dumb"), true, OptionalInt.empty()).interactive())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "demo", "estimate --help", "demo --now x", "list --help"})
  void nothingPrintsAnsiCodesWithNoColorOrInAPipe(String line) {
    Terminal noColor = Terminal.detect(Map.of("NO_COLOR", "1"), true, OptionalInt.of(80));
    Terminal pipe = Terminal.detect(Map.of(), false, OptionalInt.empty());

    for (Terminal terminal : List.of(noColor, pipe)) {
      Result result = runOn(terminal, line.split(" "));
      assertThat(result.out() + result.err()).doesNotContain(ESC);
    }
  }

  @Test
  void onAColourTerminalHelpAndTableHeadersAreStyled() {
    Terminal colour = Terminal.detect(Map.of(), true, OptionalInt.of(80));

    assertThat(runOn(colour, "--help").out()).contains(ESC + "[");
    assertThat(runOn(colour, "demo").out()).contains(ESC + "[1mJOB");
  }

  @Test
  void versionIsThePomsVersion() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher parent =
        Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
    assertThat(parent.find()).isTrue();
    String version = parent.group(1);

    assertThat(run("--version").out()).isEqualTo("carbonq " + version + "\n");
    assertThat(run("version").out()).startsWith("carbonq " + version + " (Java ");
    assertThat(run("version", "-o", "json").json().path("version").asText()).isEqualTo(version);
  }
}
