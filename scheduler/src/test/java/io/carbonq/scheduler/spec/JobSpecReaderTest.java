package io.carbonq.scheduler.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobSpecReaderTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  final Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
  final JobSpecReader reader = new JobSpecReader(fleet, () -> "job-generated");

  Workload job(String yaml) {
    return reader.job(JobSpecReader.parse(yaml), "ada", NOW);
  }

  List<String> errorsOf(String yaml) {
    try {
      job(yaml);
    } catch (SpecException e) {
      return e.errors().stream().map(SpecException.FieldError::toString).toList();
    }
    throw new AssertionError("expected the spec to be refused:\n" + yaml);
  }

  @Test
  void readsACompleteTrainingJob() {
    Workload workload =
        job(
            """
            name: llama-finetune
            image: ghcr.io/lab/train:1.4
            command: [python, train.py]
            args: [--lr, "3e-4"]
            gpus: 8
            gpuModel: a100-sxm4
            duration: 6h
            deadline: 48h
            regions: [gcp:europe-west3, GCP:us-west2]
            interruptible: true
            priority: 2
            env: {WANDB_PROJECT: llama, SEED: 7}
            """);

    assertThat(workload.id()).isEqualTo("llama-finetune");
    assertThat(workload.owner()).isEqualTo("ada");
    assertThat(workload.command()).containsExactly("python", "train.py", "--lr", "3e-4");
    assertThat(workload.gpuModels()).containsExactly("A100");
    assertThat(workload.duration()).isEqualTo(Duration.ofHours(6));
    assertThat(workload.deadline()).isEqualTo(NOW.plus(Duration.ofHours(48)));
    assertThat(workload.regions()).containsExactly("gcp:europe-west3", "gcp:us-west2");
    assertThat(workload.interruptible()).isTrue();
    assertThat(workload.priority()).isEqualTo(2);
    assertThat(workload.env()).containsEntry("WANDB_PROJECT", "llama").containsEntry("SEED", "7");
    assertThat(errorsOf("{image: a, duration: 1h, deadline: 2d, env: {1BAD: x}}"))
        .contains("env.1BAD: is not a valid variable name (letters, digits, '_')");
  }

  @Test
  void leftOutFieldsTakeTheirDefaults() {
    Workload workload =
        job("{\"image\": \"train:1\", \"duration\": \"2h\", \"deadline\": \"2026-11-28T09:00Z\"}");

    assertThat(workload.id()).isEqualTo("job-generated");
    assertThat(workload.gpus()).isEqualTo(1);
    assertThat(workload.gpuModels()).isEmpty();
    assertThat(workload.deadline()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
    assertThat(workload.regions()).hasSize(6).startsWith("gcp:europe-west3");
  }

  @Test
  void aHomeGivenIsKeptEvenOutsideTheRegions() {
    Workload workload =
        job(
            "{image: a, duration: 1h, deadline: 2d, regions: [gcp:us-west2], home: GCP:Europe-West3}");

    assertThat(workload.home()).contains("gcp:europe-west3");
    assertThat(workload.regions()).containsExactly("gcp:us-west2");
  }

  @Test
  void listedRegionsMakeTheFirstOfThemHome() {
    assertThat(
            job("{image: a, duration: 1h, deadline: 2d, regions: [gcp:us-west2, aws:us-east-1]}")
                .home())
        .contains("gcp:us-west2");
  }

  @Test
  void withoutHomeOrRegionsAJobHasNoHomeUnlessTheConfigurationGivesOne() {
    String spec = "{image: a, duration: 1h, deadline: 2d}";
    JobSpecReader homed =
        new JobSpecReader(
            new Fleet(
                ConfigLoader.parse(
                    """
                    pools:
                      - {name: a, region: gcp:europe-west3, gpuModel: A100, gpus: 8}
                      - {name: b, region: gcp:us-west2, gpuModel: A100, gpus: 8}
                    home: gcp:us-west2
                    """,
                    "t")),
            () -> "job-generated");

    assertThat(job(spec).home()).isEmpty();
    assertThat(homed.job(JobSpecReader.parse(spec), "ada", NOW).home()).contains("gcp:us-west2");
    assertThat(
            homed
                .job(
                    JobSpecReader.parse(
                        "{image: a, duration: 1h, deadline: 2d, regions: [gcp:europe-west3]}"),
                    "ada",
                    NOW)
                .home())
        .contains("gcp:europe-west3");
  }

  @Test
  void aWrongHomeIsNamedWithTheFix() {
    assertThat(errorsOf("{image: a, duration: 1h, deadline: 2d, home: gcp:europe-wset3}"))
        .containsExactly(
            "home: unknown region 'gcp:europe-wset3'; did you mean gcp:europe-west3? known:"
                + " aws:af-south-1, aws:ap-east-1, aws:ap-northeast-1, aws:ap-northeast-2,"
                + " aws:ap-northeast-3, aws:ap-south-1, aws:ap-southeast-1, aws:ap-southeast-2,"
                + " aws:ca-central-1, aws:eu-central-1, aws:eu-north-1, aws:eu-south-1,"
                + " aws:eu-west-1, aws:eu-west-2, aws:eu-west-3, aws:me-south-1, aws:sa-east-1,"
                + " aws:us-east-1, aws:us-east-2, aws:us-west-1, … (95 in all)");
    assertThat(errorsOf("{image: a, duration: 1h, deadline: 2d, home: aws:eu-west-1}"))
        .containsExactly(
            "home: no pool is in aws:eu-west-1, so running there cannot be forecast; use a region"
                + " with a pool (gcp:europe-west3, gcp:europe-west2, aws:us-east-1, gcp:us-west2,"
                + " gcp:us-south1, gcp:northamerica-northeast2) or leave home out");
  }

  @Test
  void everyWrongFieldIsNamedAtOnce() {
    assertThat(
            errorsOf(
                """
                name: Big_Job
                image: 42
                gpus: -2
                gpuModel: A1OO
                duration: 6 hours
                deadline: 2020-01-01T00:00Z
                regions: [gcp:europe-wset3]
                interruptible: maybe
                colour: blue
                """))
        .containsExactly(
            "colour: unknown field; known: name, image, command, args, gpus, gpuModel, gpuModels, duration, deadline, earliestStart, regions, home, interruptible, priority, env, volumes",
            "name: 'Big_Job' must be 1-56 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit",
            "image: must be a text, got 42",
            "gpus: must be between 1 and 4096, got -2",
            "gpuModel: unknown GPU model 'A1OO'; did you mean A100 or A10G? known: A100, A100-PCIE, A10G, H100, H100-NVL, K80, L4, L40S, P100, RTX-4090, RTX-A6000, T4, V100, V100-PCIE",
            "duration: must be a duration such as 90m, 6h, 1h30m, 7d, PT6H, or as Slurm writes it, 06:00:00 or 1-12:00:00, got '6 hours'",
            "deadline: 2020-01-01T00:00Z is in the past (now is 2026-11-27T12:00:00Z)",
            "regions[0]: unknown region 'gcp:europe-wset3'; did you mean gcp:europe-west3? known: aws:af-south-1, aws:ap-east-1, aws:ap-northeast-1, aws:ap-northeast-2, aws:ap-northeast-3, aws:ap-south-1, aws:ap-southeast-1, aws:ap-southeast-2, aws:ca-central-1, aws:eu-central-1, aws:eu-north-1, aws:eu-south-1, aws:eu-west-1, aws:eu-west-2, aws:eu-west-3, aws:me-south-1, aws:sa-east-1, aws:us-east-1, aws:us-east-2, aws:us-west-1, … (95 in all)",
            "interruptible: must be true or false, got 'maybe'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{image: a, duration: 6h, deadline: 3h}                  | deadline: 2026-11-27T15:00:00Z leaves no time for the 6h run starting now (2026-11-27T12:00:00Z); set it after 2026-11-27T18:00:00Z",
        "{image: a, duration: 6h}                                | deadline: is required: a duration from now (48h) or a time (2024-05-01T09:00Z)",
        "{image: a, duration: 0m, deadline: 1h}                  | duration: must be from 1m to 90d, got 0m",
        "{image: a, duration: 1h, deadline: 2d, gpus: 200}       | gpus: 200 GPUs do not fit any allowed pool; the largest has 32",
        "{image: a, duration: 1h, deadline: 2d, gpuModel: T4}    | regions: no pool in gcp:europe-west3, gcp:europe-west2, aws:us-east-1, gcp:us-west2, gcp:us-south1, gcp:northamerica-northeast2 has T4; pools: frankfurt-a100 (gcp:europe-west3, 32×A100), london-h100 (gcp:europe-west2, 16×H100), virginia-a100 (aws:us-east-1, 32×A100), los-angeles-a100 (gcp:us-west2, 24×A100), dallas-h100 (gcp:us-south1, 16×H100), toronto-v100 (gcp:northamerica-northeast2, 16×V100), toronto-a100 (gcp:northamerica-northeast2, 8×A100)",
        "{image: a, duration: 1h, deadline: 2d, regions: []}     | regions: must list at least one region, or be left out to allow all",
        "{image: a, duration: 1h, deadline: 2d, gpus: 1.5}       | gpus: must be a whole number, got 1.5",
        "{image: a, duration: 1h, deadline: 'soon'}              | deadline: must be a duration from now (48h) or a time with a zone (2024-05-01T09:00Z), got 'soon'",
        "[1, 2]                                                  | (spec): must be a mapping of field: value",
        "{image: a, duration: '6:75:00', deadline: 2d}           | duration: must be a duration such as 90m, 6h, 1h30m, 7d, PT6H, or as Slurm writes it, 06:00:00 or 1-12:00:00; in '6:75:00' the minutes are 0-59, got '6:75:00'",
        "{image: a, duration: 1h, deadline: '12:00'}             | deadline: '12:00' would read as a time of day; give a duration from now (48h, 2-00:00:00) or a time with a zone (2024-05-01T09:00Z)"
      })
  void refusesWithTheFieldAndTheFix(String yaml, String expected) {
    assertThat(errorsOf(yaml)).contains(expected);
  }

  @Test
  void durationsAndTimesFromNowMayBeWrittenAsSlurmDoes() {
    Workload workload =
        job("{image: a, duration: '1-12:00:00', deadline: '3-00', earliestStart: '0-02:30'}");

    assertThat(workload.duration()).isEqualTo(Duration.ofHours(36));
    assertThat(workload.deadline()).isEqualTo(NOW.plus(Duration.ofDays(3)));
    assertThat(workload.earliestStart()).isEqualTo(NOW.plus(Duration.ofMinutes(150)));
    assertThat(job("{image: a, duration: '06:00:00', deadline: 2d}").duration())
        .isEqualTo(Duration.ofHours(6));
  }

  @Test
  void malformedAndHugeSpecsAreRefusedBeforeReading() {
    assertThatThrownBy(() -> JobSpecReader.parse("image: [unclosed\n  gpus: 2"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("(spec): is not valid YAML or JSON at line");
    assertThatThrownBy(() -> JobSpecReader.parse("x: " + "a".repeat(300_000)))
        .hasMessageContaining("the limit is 262144");
    assertThatThrownBy(() -> JobSpecReader.parse("")).hasMessageContaining("(spec): is empty");
  }

  @Test
  void aSweepExpandsItsGridIntoTrialsSharingTheDeadline() {
    Sweep sweep =
        reader.sweep(
            JobSpecReader.parse(
                """
                name: lr-sweep
                template:
                  image: ghcr.io/lab/train:1.4
                  command: [python, train.py]
                  gpus: 1
                  gpuModel: H100
                  duration: 2h
                  deadline: 3d
                  interruptible: true
                parameters:
                  lr: [1e-4, 3e-4, 1e-3]
                  batch-size: [32, 64]
                maxParallel: 4
                """),
            "ada",
            NOW);

    assertThat(sweep.size()).isEqualTo(6);
    assertThat(sweep.maxParallel()).isEqualTo(4);
    List<Workload> trials = sweep.trials();
    assertThat(trials).extracting(Workload::id).startsWith("lr-sweep-000", "lr-sweep-001");
    assertThat(trials).allMatch(trial -> trial.deadline().equals(NOW.plus(Duration.ofDays(3))));
    assertThat(trials.get(0).command()).containsSubsequence("--lr=1e-4", "--batch-size=32");
    assertThat(trials).allMatch(trial -> trial.gpuModels().equals(Set.of("H100")));
  }

  Sweep sweep(String yaml) {
    return reader.sweep(JobSpecReader.parse(yaml), "ada", NOW);
  }

  @Test
  void yamlArgumentsEnvironmentAndParametersReachTheJobAsWritten() {
    Workload workload =
        job(
            """
            image: t
            command: [python, train.py]
            args: [--lr, 1e-4, --flag, yes, --mode, 010, --x, 0x1F, --v, 1.10, --c, no]
            env: {OCT: 010, VER: 1.10, OFF: off}
            gpus: 2
            interruptible: yes
            duration: 1h
            deadline: 1d
            """);
    Sweep grid =
        sweep(
            """
            template: {image: t, duration: 1h, deadline: 2d}
            parameters: {lr: [1e-4, 0.0001, 1.0e-4], seed: [010]}
            """);

    assertThat(workload.command())
        .containsExactly(
            "python",
            "train.py",
            "--lr",
            "1e-4",
            "--flag",
            "yes",
            "--mode",
            "010",
            "--x",
            "0x1F",
            "--v",
            "1.10",
            "--c",
            "no");
    assertThat(workload.env()).containsEntry("OCT", "010").containsEntry("VER", "1.10");
    assertThat(workload.env()).containsEntry("OFF", "off");
    // Fields that want a number or a boolean still read one.
    assertThat(workload.gpus()).isEqualTo(2);
    assertThat(workload.interruptible()).isTrue();
    assertThat(grid.parameters().get("lr")).containsExactly("1e-4", "0.0001", "1.0e-4");
    assertThat(grid.parameters().get("seed")).containsExactly("010");
    // JSON has no such typing: a decimal still reads in plain notation.
    assertThat(
            sweep(
                    "{\"template\": {\"image\": \"t\", \"duration\": \"1h\", \"deadline\":"
                        + " \"2d\"}, \"parameters\": {\"lr\": [1e-4]}}")
                .parameters()
                .get("lr"))
        .containsExactly("0.0001");
  }

  @Test
  void aRegionListedTwiceIsRefusedOnce() {
    assertThat(
            errorsOf(
                "{image: t, duration: 1h, deadline: 1d, regions: [gcp:europe-west3,"
                    + " GCP:europe-west3, gcp:europe-west3]}"))
        .containsExactly(
            "regions[1]: gcp:europe-west3 is listed already, at regions[0]; list each region"
                + " once");
  }

  @Test
  void aYamlFileOfTwoDocumentsIsRefused() {
    assertThatThrownBy(() -> JobSpecReader.parse("image: a\n---\nimage: b\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("more than one document");
  }

  @Test
  void anArrayIsASweepOfOneIndexPerTrialPassedInTheEnvironment() {
    Sweep array =
        sweep(
            "{name: arr, template: {image: t, command: [run.sh], duration: 1h, deadline: 2d},"
                + " array: '0-15:2%4'}");
    Sweep listed =
        sweep("{template: {image: t, duration: 1h, deadline: 2d}, array: '1,3,5,10-12'}");

    assertThat(array.size()).isEqualTo(8);
    assertThat(array.maxParallel()).isEqualTo(4);
    assertThat(array.trials().get(7).env()).containsEntry("CARBONQ_ARRAY_TASK_ID", "14");
    assertThat(array.trials().get(7).command()).containsExactly("run.sh");
    assertThat(listed.parameters().get("CARBONQ_ARRAY_TASK_ID"))
        .containsExactly("1", "3", "5", "10", "11", "12");
    assertThat(sweep("{template: {image: t, duration: 1h, deadline: 2d}, array: 0-9999}").size())
        .isEqualTo(10_000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0-10000          | array: '0-10000' makes more than 10000 trials, the limit",
        "0-99999%8        | array: '0-99999%8' makes more than 10000 trials, the limit",
        "5-1              | array: the range 5-1 ends before it starts",
        "0-9:0            | array: the step in 0-9:0 must be at least 1",
        "1,3,1            | array: index 1 is given twice",
        "0-3%0            | array: the %N after the indices must be at least 1, got %0",
        "1;2              | array: '1;2' is not an index or range; write indices as Slurm's --array does: 0-15, 0-15:2, 1,3,5 or 0-99%8",
        "''               | array: '' is not an index or range; write indices as Slurm's --array does: 0-15, 0-15:2, 1,3,5 or 0-99%8"
      })
  void aWrongArrayIsNamed(String indices, String expected) {
    assertThatThrownBy(
            () ->
                sweep(
                    "{template: {image: t, duration: 1h, deadline: 2d}, array: '" + indices + "'}"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void anArrayExcludesParametersAMaxParallelBesidePercentAndItsVariableInTheTemplate() {
    assertThatThrownBy(
            () ->
                sweep(
                    "{template: {image: t, duration: 1h, deadline: 2d, env: {CARBONQ_ARRAY_TASK_ID: '1'}},"
                        + " array: '0-3%2', maxParallel: 2, parameters: {lr: [1]}}"))
        .isInstanceOf(SpecException.class)
        .satisfies(
            e ->
                assertThat(((SpecException) e).errors())
                    .extracting(SpecException.FieldError::toString)
                    .containsExactly(
                        "array: give parameters or array, not both",
                        "template.env.CARBONQ_ARRAY_TASK_ID: is set to each trial's index by array; leave it out",
                        "maxParallel: give maxParallel or %N after the array's indices, not both"));
  }

  @Test
  void aSweepWithoutParametersOrTemplateSaysWhatIsMissing() {
    assertThatThrownBy(
            () -> reader.sweep(JobSpecReader.parse("name: s\nparameters: {lr: []}\n"), "ada", NOW))
        .isInstanceOf(SpecException.class)
        .satisfies(
            e ->
                assertThat(((SpecException) e).errors())
                    .extracting(SpecException.FieldError::toString)
                    .containsExactly(
                        "template: is required: the job each trial runs (image, gpus, duration, …)",
                        "parameters.lr: must be a non-empty list of values"));
  }

  @Test
  void volumesNeedANameAnAbsolutePathAndOneSourceAndHostPathsNeedThePolicy() {
    Workload workload =
        job(
            """
            image: t:1
            duration: 1h
            deadline: 2d
            volumes:
              - {name: data, mountPath: /data, persistentVolumeClaim: imagenet, readOnly: true}
              - {name: scratch, mountPath: /scratch, emptyDir: {}}
            """);

    assertThat(workload.volumes())
        .containsExactly(
            new io.carbonq.scheduler.domain.Volume(
                "data",
                "/data",
                io.carbonq.scheduler.domain.Volume.Kind.PERSISTENT_VOLUME_CLAIM,
                "imagenet",
                true),
            new io.carbonq.scheduler.domain.Volume(
                "scratch",
                "/scratch",
                io.carbonq.scheduler.domain.Volume.Kind.EMPTY_DIR,
                "",
                false));
    assertThat(
            errorsOf(
                """
                image: t:1
                duration: 1h
                deadline: 2d
                volumes:
                  - {name: host, mountPath: /mnt, hostPath: /var/lib/data}
                  - {name: Bad_Name, mountPath: relative, configMap: c, secret: s}
                """))
        .containsExactly(
            "volumes[0].hostPath: host paths are not allowed by this server's policy (executor.allowHostPath)",
            "volumes[1].name: must be a DNS label: 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit, got 'Bad_Name'",
            "volumes[1].mountPath: must be an absolute path such as /data, got 'relative'",
            "volumes[1]: needs exactly one of configMap, emptyDir, hostPath, persistentVolumeClaim, secret, got configMap and secret");

    Fleet permissive =
        new Fleet(
            io.carbonq.config.ConfigLoader.parse(
                "pools:\n  - {name: p, region: gcp:europe-west3, gpuModel: A100, gpus: 8}\n"
                    + "executor: {allowHostPath: true}\n",
                "t"));
    Workload mounted =
        new JobSpecReader(permissive, () -> "x")
            .job(
                JobSpecReader.parse(
                    "{image: t, duration: 1h, deadline: 2d, volumes: [{name: host, mountPath: /mnt, hostPath: /data}]}"),
                "ada",
                NOW);
    assertThat(mounted.volumes())
        .singleElement()
        .satisfies(v -> assertThat(v.source()).isEqualTo("/data"));
  }
}
