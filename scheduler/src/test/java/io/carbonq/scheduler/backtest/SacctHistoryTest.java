package io.carbonq.scheduler.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SacctHistoryTest {
  static final Path SAMPLE = Path.of("..", "examples", "history", "slurm-sacct.txt");
  static final String HEADER =
      "JobID|User|Account|Partition|QOS|Submit|Start|End|Elapsed|Timelimit|State|AllocTRES|ReqTRES";
  static final String A100_2 = "billing=16,cpu=16,gres/gpu:a100=2,gres/gpu=2,mem=128G,node=1";

  static History readSample(ZoneId zone) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(SAMPLE)) {
      return SacctHistory.read("slurm-sacct.txt", reader, zone);
    }
  }

  static History read(String text) throws IOException {
    return SacctHistory.read("t.txt", new BufferedReader(new StringReader(text)), ZoneOffset.UTC);
  }

  /** A file of the header and one job line made of {@code fields} in the header's order. */
  static History readJob(String... fields) throws IOException {
    return read(HEADER + "\n" + String.join("|", fields) + "\n");
  }

  static String[] job(String id, String state, String start, String end) {
    return new String[] {
      id,
      "ada",
      "nlp",
      "a100",
      "normal",
      "2023-05-08T08:00:00",
      start,
      end,
      "01:00:00",
      "04:00:00",
      state,
      A100_2,
      A100_2
    };
  }

  static String[] ranJob() {
    return job("7", "COMPLETED", "2023-05-08T09:00:00", "2023-05-08T10:00:00");
  }

  static String[] with(String[] fields, int column, String value) {
    String[] copy = fields.clone();
    copy[column] = value;
    return copy;
  }

  /** {@link HistoryFixtures#summary}, then the account and QOS. */
  static String summary(HistoryJob job) {
    return HistoryFixtures.summary(job)
        + " "
        + job.labels().get("account")
        + "/"
        + job.labels().get("qos");
  }

  @Test
  void readsEveryGpuJobOfTheSampleThatRanToItsEnd() throws IOException {
    History history = readSample(ZoneOffset.UTC);

    assertThat(history.source()).isEqualTo("slurm-sacct.txt");
    assertThat(history.format()).isEqualTo("sacct");
    assertThat(history.jobs())
        .extracting(SacctHistoryTest::summary)
        .containsExactly(
            "41001 alice a100 2023-05-08T08:02:11Z 2023-05-08T08:05:40Z 2023-05-08T14:47:02Z"
                + " 4xA100 PT12H COMPLETED nlp/normal",
            "41002 bob v100 2023-05-08T09:15:00Z 2023-05-08T09:15:03Z 2023-05-08T11:02:57Z"
                + " 1xV100 PT4H COMPLETED vision/normal",
            "41003 chen a100 2023-05-08T10:30:12Z 2023-05-08T12:01:55Z 2023-05-09T12:01:58Z"
                + " 8xA100 PT24H TIMEOUT nlp/high",
            "41020 dana rtx 2023-05-08T16:40:30Z 2023-05-08T16:40:31Z 2023-05-08T21:18:45Z"
                + " 2x? PT8H COMPLETED climate/normal",
            "41060 bob v100 2023-05-10T13:20:41Z 2023-05-10T13:20:45Z 2023-05-10T15:02:10Z"
                + " 2xV100 PT4H CANCELLED vision/normal",
            "41075 eve a100 2023-05-11T07:58:02Z 2023-05-11T08:15:30Z 2023-05-11T13:40:12Z"
                + " 1xA100 - COMPLETED vision/normal",
            "41080 alice a100 2023-05-11T09:10:00Z 2023-05-11T09:10:04Z 2023-05-11T10:02:44Z"
                + " 2xA100 PT8H FAILED nlp/normal",
            "41090 bob v100 2023-05-11T12:00:00Z 2023-05-11T12:30:10Z 2023-05-12T01:14:55Z"
                + " 4xV100 PT24H NODE_FAIL vision/normal",
            "41095 chen a100-preempt 2023-05-11T20:00:00Z 2023-05-11T20:00:02Z"
                + " 2023-05-12T03:17:09Z 2xA100 - PREEMPTED nlp/scavenger",
            "41130 dana a100 2023-05-12T06:00:00Z 2023-05-12T09:45:12Z 2023-05-13T06:02:30Z"
                + " 8xA100 PT48H COMPLETED climate/long",
            "41140 eve debug 2023-05-12T14:00:00Z 2023-05-12T14:00:01Z 2023-05-12T14:41:30Z"
                + " 1xA100 PT1H COMPLETED vision/normal",
            "41210_1 dana v100 2023-05-13T14:00:00Z 2023-05-13T14:00:04Z 2023-05-13T16:31:18Z"
                + " 1xV100 PT4H COMPLETED climate/normal",
            "41210_2 dana v100 2023-05-13T14:00:00Z 2023-05-13T14:00:04Z 2023-05-13T16:48:51Z"
                + " 1xV100 PT4H COMPLETED climate/normal",
            "41210_3 dana v100 2023-05-13T14:00:00Z 2023-05-13T16:31:20Z 2023-05-13T19:02:07Z"
                + " 1xV100 PT4H COMPLETED climate/normal",
            "41210_4 dana v100 2023-05-13T14:00:00Z 2023-05-13T16:48:53Z 2023-05-13T19:20:31Z"
                + " 1xV100 PT4H OUT_OF_MEMORY climate/normal");
  }

  @Test
  void saysWhyEveryOtherLineOfTheSampleIsLeftOut() throws IOException {
    History history = readSample(ZoneOffset.UTC);

    assertThat(history.skippedByReason())
        .containsExactly(
            Map.entry("job step", 14),
            Map.entry("never started", 3),
            Map.entry("no GPU", 1),
            Map.entry("ran for no time", 1),
            Map.entry("still running", 3),
            Map.entry("unreadable", 2));
    assertThat(history.skipped())
        .filteredOn(row -> row.reason().equals("unreadable"))
        .containsExactly(
            new History.Skipped(
                "slurm-sacct.txt line 21",
                "unreadable",
                "expected 13 fields as in the header, got 7"),
            new History.Skipped(
                "slurm-sacct.txt line 22",
                "unreadable",
                "End '2023-05-11 17:48' is not a time like 2023-05-08T14:30:00 (or with Z or"
                    + " +01:00 after it)"));
    assertThat(history.skipped())
        .filteredOn(row -> !row.reason().equals("job step") && !row.reason().equals("unreadable"))
        .extracting(row -> row.where() + ": " + row.reason())
        .containsExactly(
            "slurm-sacct.txt line 14: never started",
            "slurm-sacct.txt line 17: no GPU",
            "slurm-sacct.txt line 29: ran for no time",
            "slurm-sacct.txt line 30: still running",
            "slurm-sacct.txt line 37: still running",
            "slurm-sacct.txt line 38: still running",
            "slurm-sacct.txt line 39: never started",
            "slurm-sacct.txt line 40: never started");
  }

  @Test
  void readsTimesWithoutAnOffsetInTheZoneGivenAndHonoursTheirOwnOffset() throws IOException {
    History history = readSample(ZoneId.of("Europe/Berlin"));

    HistoryJob local = history.jobs().get(0);
    assertThat(local.id()).isEqualTo("41001");
    assertThat(local.submit()).isEqualTo(Instant.parse("2023-05-08T06:02:11Z"));
    assertThat(local.start()).isEqualTo(Instant.parse("2023-05-08T06:05:40Z"));
    assertThat(local.end()).isEqualTo(Instant.parse("2023-05-08T12:47:02Z"));
    HistoryJob utc = history.jobs().get(5);
    assertThat(utc.id()).isEqualTo("41075");
    assertThat(utc.start()).isEqualTo(Instant.parse("2023-05-11T08:15:30Z"));
    assertThat(utc.end()).isEqualTo(Instant.parse("2023-05-11T13:40:12Z"));
  }

  @Test
  void readsAnOffsetWrittenAsHours() throws IOException {
    History history =
        readJob(job("7", "COMPLETED", "2023-05-08T09:00:00+01:00", "2023-05-08T10:00:00-02:30"));

    assertThat(history.jobs().get(0).start()).isEqualTo(Instant.parse("2023-05-08T08:00:00Z"));
    assertThat(history.jobs().get(0).end()).isEqualTo(Instant.parse("2023-05-08T12:30:00Z"));
  }

  @Test
  void toleratesTheTrailingSeparatorOfParsable() throws IOException {
    History history = read(HEADER + "|\n" + String.join("|", with(ranJob(), 4, "")) + "|\n");

    HistoryJob job = history.jobs().get(0);
    assertThat(job.gpus()).isEqualTo(2);
    assertThat(job.labels()).isEqualTo(Map.of("account", "nlp"));
  }

  @Test
  void findsColumnsByNameInAnyOrderAndIgnoresOthers() throws IOException {
    History history =
        read(
            "state|ReqTRES|End|Start|Submit|Partition|User|JobName|JobID\n"
                + "COMPLETED|gres/gpu:h100=8|2023-05-09T00:30:00|2023-05-08T22:00:00"
                + "|2023-05-08T21:00:00|h100,a100|grace|train|99\n");

    assertThat(history.jobs())
        .extracting(SacctHistoryTest::summary)
        .containsExactly(
            "99 grace h100 2023-05-08T21:00:00Z 2023-05-08T22:00:00Z 2023-05-09T00:30:00Z 8xH100"
                + " - COMPLETED null/null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1234.batch", "1234.extern", "1234.0", "1234_5.batch"})
  void leavesOutJobStepsAsPartsOfTheirJob(String id) throws IOException {
    History history =
        read(
            HEADER
                + "\n"
                + String.join("|", ranJob())
                + "\n"
                + String.join("|", with(ranJob(), 0, id))
                + "\n");

    assertThat(history.skipped())
        .containsExactly(
            new History.Skipped(
                "t.txt line 3",
                "job step",
                id + " is a step of job " + id.substring(0, id.indexOf('.'))));
  }

  @Test
  void readsAnArrayTaskAsAJobAndItsPendingRemainderAsNeverStarted() throws IOException {
    History history =
        read(
            HEADER
                + "\n"
                + String.join("|", with(ranJob(), 0, "1234_5"))
                + "\n"
                + String.join("|", job("1234_[6-10]", "PENDING", "Unknown", "Unknown"))
                + "\n");

    assertThat(history.jobs()).extracting(HistoryJob::id).containsExactly("1234_5");
    assertThat(history.skipped())
        .containsExactly(
            new History.Skipped(
                "t.txt line 3", "never started", "1234_[6-10] are array tasks not yet started"));
  }

  @Test
  void takesTheGpusGivenOverThoseAskedFor() throws IOException {
    HistoryJob job =
        readJob(with(with(ranJob(), 11, "cpu=4,gres/gpu:v100=3,gres/gpu=3"), 12, "gres/gpu=8"))
            .jobs()
            .get(0);

    assertThat(job.gpus()).isEqualTo(3);
    assertThat(job.gpuModel()).contains("V100");
  }

  @Test
  void takesTheGpusAskedForWhenNoneWereRecordedAsGiven() throws IOException {
    HistoryJob job =
        readJob(with(with(ranJob(), 11, ""), 12, "cpu=4,gres/gpu=3,mem=8G")).jobs().get(0);

    assertThat(job.gpus()).isEqualTo(3);
    assertThat(job.gpuModel()).isEmpty();
  }

  @Test
  void addsUpTypedGpusWhenTheTotalIsNotListed() throws IOException {
    HistoryJob job =
        readJob(with(ranJob(), 11, "cpu=8,gres/gpu:nvidia_a100-sxm4-80gb=2,node=1")).jobs().get(0);

    assertThat(job.gpus()).isEqualTo(2);
    assertThat(job.gpuModel()).contains("NVIDIA_A100-SXM4-80GB");
  }

  @Test
  void namesNoModelWhenAJobHeldTwo() throws IOException {
    HistoryJob job =
        readJob(with(ranJob(), 11, "gres/gpu:a100=2,gres/gpu:v100=1,gres/gpu=3")).jobs().get(0);

    assertThat(job.gpus()).isEqualTo(3);
    assertThat(job.gpuModel()).isEmpty();
  }

  @Test
  void leavesOutAJobWithoutGpus() {
    assertSkipped(
        with(ranJob(), 11, "billing=4,cpu=4,mem=16G,node=1"),
        "no GPU",
        "AllocTRES 'billing=4,cpu=4,mem=16G,node=1' has no gres/gpu");
  }

  @Test
  void leavesOutJobsThatNeverStarted() {
    assertSkipped(
        job("7", "PENDING", "Unknown", "Unknown"), "never started", "state PENDING, Start Unknown");
    assertSkipped(
        job("7", "CANCELLED by 1000", "None", "2023-05-08T09:00:00"),
        "never started",
        "state CANCELLED, Start None");
  }

  @Test
  void leavesOutJobsStillRunning() {
    assertSkipped(
        job("7", "RUNNING", "2023-05-08T09:00:00", "Unknown"),
        "still running",
        "state RUNNING, End Unknown");
    assertSkipped(
        job("7", "SUSPENDED", "2023-05-08T09:00:00", "Unknown"),
        "still running",
        "state SUSPENDED, End Unknown");
  }

  @Test
  void leavesOutAJobThatEndedAsItStarted() {
    assertSkipped(
        job("7", "FAILED", "2023-05-08T09:00:00", "2023-05-08T09:00:00"),
        "ran for no time",
        "Start and End are both 2023-05-08T09:00:00");
  }

  @Test
  void keepsTheFirstWordOfAState() throws IOException {
    assertThat(
            readJob(job("7", "CANCELLED by 1000", "2023-05-08T09:00:00", "2023-05-08T10:00:00"))
                .jobs()
                .get(0)
                .state())
        .isEqualTo("CANCELLED");
  }

  @ParameterizedTest
  @CsvSource({
    "45, PT45M",
    "45:30, PT45M30S",
    "04:00:00, PT4H",
    "2-12, PT60H",
    "2-12:30, PT60H30M",
    "1-02:03:04, PT26H3M4S",
    "UNLIMITED, -",
    "Partition_Limit, -",
    "'', -"
  })
  void readsEveryFormOfTimeLimit(String limit, String expected) throws IOException {
    HistoryJob job = readJob(with(ranJob(), 9, limit)).jobs().get(0);

    assertThat(job.timeLimit().map(Duration::toString).orElse("-")).isEqualTo(expected);
  }

  @Test
  void labelsQosOnlyWhenTheFileHasIt() throws IOException {
    History history =
        read(
            "JobID|User|Account|Partition|Submit|Start|End|State|AllocTRES\n"
                + "7|ada|nlp|a100|2023-05-08T08:00:00|2023-05-08T09:00:00|2023-05-08T10:00:00"
                + "|COMPLETED|gres/gpu=1\n");

    assertThat(history.jobs().get(0).labels()).isEqualTo(Map.of("account", "nlp"));
    assertThat(history.jobs().get(0).timeLimit()).isEqualTo(Optional.empty());
  }

  @Test
  void saysWhatIsWrongWithAnUnreadableLine() {
    assertSkipped(
        with(ranJob(), 5, "08.05.2023 08:00"),
        "unreadable",
        "Submit '08.05.2023 08:00' is not a time like 2023-05-08T14:30:00 (or with Z or +01:00"
            + " after it)");
    assertSkipped(
        with(ranJob(), 11, "cpu=4,gres/gpu=two"),
        "unreadable",
        "AllocTRES entry 'gres/gpu=two' does not end in a whole number of GPUs");
    assertSkipped(
        with(ranJob(), 11, "cpu=4,gres/gpu"),
        "unreadable",
        "AllocTRES entry 'gres/gpu' is not name=count (in 'cpu=4,gres/gpu')");
    assertSkipped(
        with(ranJob(), 9, "forever"),
        "unreadable",
        "Timelimit 'forever' is not MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, UNLIMITED or"
            + " Partition_Limit");
    assertSkipped(
        with(ranJob(), 5, "2023-05-08T09:30:00"),
        "unreadable",
        "job 7: started 2023-05-08T09:00:00Z, before it was submitted 2023-05-08T09:30:00Z");
    assertSkipped(
        new String[] {"7", "ada", "nlp", "a100"},
        "unreadable",
        "expected 13 fields as in the header, got 4");
  }

  @Test
  void refusesAHeaderWithoutANeededColumnAndSaysHowToExportOne() {
    assertThatThrownBy(() -> read("JobID|User|Partition|Submit|End|State|AllocTRES\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "t.txt: the sacct header has no column 'Start'; export with sacct --allusers"
                + " --parsable2 --starttime=2023-05-01 --endtime=now"
                + " --format=JobID,User,Account,Partition,QOS,Submit,Start,End,Elapsed,Timelimit,"
                + "State,AllocTRES,ReqTRES");
    assertThatThrownBy(() -> read("JobID|User|Partition|Submit|Start|End|State\n"))
        .hasMessageStartingWith("t.txt: the sacct header has no column 'AllocTRES' or 'ReqTRES';");
    assertThatThrownBy(() -> read("\n\n"))
        .hasMessageStartingWith("t.txt: the file is empty; export one with sacct --allusers");
  }

  @Test
  void refusesAFileWithoutAUsableGpuJobAndCountsWhatItLeftOut() {
    String text =
        HEADER
            + "\n"
            + String.join("|", with(ranJob(), 0, "7.batch"))
            + "\n"
            + String.join("|", with(ranJob(), 11, "cpu=4"))
            + "\n"
            + String.join("|", with(ranJob(), 11, "cpu=8"))
            + "\n";

    assertThatThrownBy(() -> read(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "t.txt: no GPU job that ran to its end in this sacct file; skipped 1 job step, 2 no"
                + " GPU");
    assertThatThrownBy(() -> read(HEADER + "\n"))
        .hasMessage("t.txt: no GPU job that ran to its end in this sacct file, which has no rows");
  }

  static void assertSkipped(String[] fields, String reason, String detail) {
    String text = HEADER + "\n" + String.join("|", ranJob()) + "\n" + String.join("|", fields);

    History history;
    try {
      history = read(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThat(history.skipped())
        .containsExactly(new History.Skipped("t.txt line 3", reason, detail));
  }
}
