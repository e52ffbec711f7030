package io.carbonq.scheduler.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** carbonq's plain history CSV, and how a history file's format is told apart. */
class HistoryCsvTest {
  @TempDir Path dir;

  History read(String text, String zone) throws Exception {
    Path file = dir.resolve("history.csv");
    Files.writeString(file, text);
    return HistoryFiles.read(file, "auto", ZoneId.of(zone), Instant.EPOCH);
  }

  @Test
  void readsJobsInAnyColumnOrderWithLocalTimesInTheGivenZone() throws Exception {
    History history =
        read(
            """
            gpus,end,start,submit,group,id,time_limit,deadline
            4,2023-05-08 12:00:00,2023-05-08T10:00:00,2023-05-08T09:30:00,train,a,6h,
            1,2023-05-08T12:00:00Z,2023-05-08T11:00:00+02:00,2023-05-08T08:00:00Z,,b,,24h
            0,2023-05-08T12:00:00,2023-05-08T10:00:00,2023-05-08T09:00:00,cpu,c,,
            2,2023-05-08T09:00:00,2023-05-08T10:00:00,2023-05-08T08:00:00,train,d,,
            x,2023-05-08T12:00:00,2023-05-08T10:00:00,2023-05-08T09:00:00,train,e,,
            1,2023-05-08T12:00:00
            """,
            "Europe/Berlin");

    assertThat(history.format()).isEqualTo("history CSV");
    assertThat(history.jobs()).hasSize(2);
    HistoryJob a = history.jobs().get(0);
    assertThat(a.submit()).isEqualTo(Instant.parse("2023-05-08T07:30:00Z"));
    assertThat(a.start()).isEqualTo(Instant.parse("2023-05-08T08:00:00Z"));
    assertThat(a.end()).isEqualTo(Instant.parse("2023-05-08T10:00:00Z"));
    assertThat(a.gpus()).isEqualTo(4);
    assertThat(a.group()).isEqualTo("train");
    assertThat(a.timeLimit()).contains(Duration.ofHours(6));
    HistoryJob b = history.jobs().get(1);
    assertThat(b.start()).isEqualTo(Instant.parse("2023-05-08T09:00:00Z"));
    assertThat(b.group()).isEqualTo("default");
    assertThat(b.labels()).containsEntry("carbonq.io/deadline", "24h");
    assertThat(history.skippedByReason()).containsEntry("no GPU", 1).containsEntry("unreadable", 3);
    assertThat(history.skipped())
        .extracting(History.Skipped::where, History.Skipped::detail)
        .anySatisfy(
            row -> assertThat(row.toString()).contains("line 5").contains("not after it started"))
        .anySatisfy(
            row ->
                assertThat(row.toString())
                    .contains("line 6")
                    .contains("gpus 'x' is not a whole number"))
        .anySatisfy(
            row ->
                assertThat(row.toString()).contains("line 7").contains("expected 8 cells, got 2"));
  }

  @Test
  void aHistoryWithoutAUsableJobSaysSoInsteadOfReplayingNothing() {
    assertThatThrownBy(() -> read("submit,start,end,gpus\n", "UTC"))
        .hasMessageContaining(
            "no GPU job that ran to its end in this history CSV, which has no rows");
    assertThatThrownBy(
            () ->
                read(
                    "submit,start,end,gpus\n2023-05-08T09:00Z,2023-05-08T10:00Z,2023-05-08T11:00Z,0\n"
                        + "2023-05-08T09:00Z,2023-05-08T10:00Z,2023-05-08T11:00Z,2147483648\n",
                    "UTC"))
        .hasMessageContaining("skipped 2 rows");
  }

  @Test
  void gzipIsKnownByItsBytesAByteOrderMarkIsSkippedAndAnEndlessLineIsRefused() throws Exception {
    String sacct =
        "\uFEFFJobID|User|Partition|Submit|Start|End|State|AllocTRES\r\n"
            + "1|ada|gpu|2023-05-08T09:00:00|2023-05-08T10:00:00|2023-05-08T11:00:00|COMPLETED|"
            + "gres/gpu=2\r\n";
    Path gzipped = dir.resolve("history.bin");
    try (var out =
        new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gzipped))) {
      out.write(sacct.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    History history = HistoryFiles.read(gzipped, "auto", ZoneId.of("UTC"), Instant.EPOCH);
    assertThat(history.format()).isEqualTo("sacct");
    assertThat(history.jobs())
        .singleElement()
        .satisfies(job -> assertThat(job.gpus()).isEqualTo(2));

    Path endless = dir.resolve("zeros.gz");
    try (var out =
        new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(endless))) {
      out.write("submit,start,end,gpus\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write(new byte[3 << 20]);
    }
    assertThatThrownBy(() -> HistoryFiles.read(endless, "auto", ZoneId.of("UTC"), Instant.EPOCH))
        .hasMessageContaining("line 2 is longer than 1048576 characters");
  }

  @Test
  void aFileOfNoKnownFormatSaysWhichFormatsAreRead() {
    assertThatThrownBy(() -> read("name,when\nx,today\n", "UTC"))
        .hasMessageContaining("not a history this command reads")
        .hasMessageContaining("sacct --parsable2")
        .hasMessageContaining("its first line is: name,when");
    assertThatThrownBy(() -> read("submit,start,end,gpus,colour\n", "UTC"))
        .hasMessageContaining("unknown column 'colour'");
    assertThatThrownBy(() -> read("{\"items\": [", "UTC")).hasMessageContaining("not valid JSON");
  }
}
