package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.cli.TextTable.Column;
import io.carbonq.scheduler.cli.TextTable.Layout;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {
  static TextTable jobs() {
    TextTable table =
        new TextTable(
            Column.of("ID").cut(8),
            Column.of("STATE"),
            Column.of("POOL").wide(),
            Column.of("REGION").optional(1),
            Column.of("START").optional(2),
            Column.of("kg>"),
            Column.of("WHY").cut(10));
    table.add(
        "a-rather-long-job-name",
        "planned",
        "frankfurt-a100",
        "gcp:europe-west3",
        "2023-03-13T10:00:00Z",
        "1.25",
        "deferred 2h to 10:00 UTC in gcp:europe-west3: 64% less than now");
    table.add("short", "queued", "-", "-", "-", "-", "waiting for a forecast");
    return table;
  }

  static String print(TextTable table, Layout layout) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      table.print(writer, layout);
    }
    return out.toString();
  }

  @Test
  void dropsOptionalColumnsHighestPriorityFirstThenCutsTheCuttableOnesWithAnEllipsis() {
    assertThat(print(jobs(), new Layout(60, false, false)))
        .isEqualTo(
            """
            ID            STATE    REGION              kg  WHY
            a-rather-lo…  planned  gcp:europe-west3  1.25  deferred 2h…
            short         queued   -                    -  waiting for…
            """);
  }

  @Test
  void showsTheOptionalColumnsThatFitOnceTheCuttableOnesAreCutToTheirWorthAndSharesTheRest() {
    assertThat(print(jobs(), new Layout(80, false, false)))
        .isEqualTo(
            """
            ID           STATE    REGION            START                   kg  WHY
            a-rather-l…  planned  gcp:europe-west3  2023-03-13T10:00:00Z  1.25  deferred 2h…
            short        queued   -                 -                        -  waiting for…
            """);
  }

  @Test
  void wideShowsEveryColumnUncutAndAnUnlimitedWidthEveryDefaultOne() {
    String wide = print(jobs(), new Layout(Terminal.UNLIMITED, true, false));
    String pipe = print(jobs(), Layout.UNLIMITED);

    assertThat(wide.lines().findFirst().orElseThrow())
        .contains("ID", "STATE", "POOL", "REGION", "START", "kg", "WHY");
    assertThat(wide).contains("a-rather-long-job-name", "64% less than now").doesNotContain("…");
    assertThat(pipe.lines().findFirst().orElseThrow()).doesNotContain("POOL").contains("START");
    assertThat(pipe).doesNotContain("…");
  }

  @Test
  void aLineTooWideEvenWithOnlyItsEssentialColumnsIsCutAtTheWidth() {
    TextTable table = new TextTable("NAME", "VALUE");
    table.add("x".repeat(50), "y".repeat(20));

    String out = print(table, new Layout(40, false, false));

    assertThat(out.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(40));
    assertThat(out.lines().skip(1).findFirst().orElseThrow()).endsWith("…");
  }

  @Test
  void colourSetsTheHeaderInBold() {
    assertThat(print(jobs(), new Layout(80, false, true))).startsWith("\u001b[1mID");
  }

  @Test
  void proseWrapsBetweenWordsUnderItsIndentAndKeepsAlignedSpaces() {
    assertThat(WrappedText.hanging("planned    in gcp:europe-west3 at 10:00 UTC", 30, "  at  "))
        .containsExactly("  at  planned    in", "      gcp:europe-west3 at", "      10:00 UTC");
    assertThat(WrappedText.lines("x".repeat(25), 10, "", "  "))
        .containsExactly("x".repeat(10), "  " + "x".repeat(8), "  " + "x".repeat(7));
    assertThat(WrappedText.lines("one line", Terminal.UNLIMITED, "", ""))
        .containsExactly("one line");
  }
}
