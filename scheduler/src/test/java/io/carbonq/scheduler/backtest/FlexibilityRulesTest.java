package io.carbonq.scheduler.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a history leaves out, decided per job: labels, then rules, then time limits, then slack. */
class FlexibilityRulesTest {
  static final Instant SUBMIT = Instant.parse("2023-05-08T08:00:00Z");
  static final Instant START = SUBMIT.plus(Duration.ofHours(1));
  static final Instant END = START.plus(Duration.ofHours(3));

  @TempDir Path dir;

  static HistoryJob job(String group, String user, Duration limit, Map<String, String> labels) {
    return new HistoryJob(
        "1",
        user,
        group,
        SUBMIT,
        START,
        END,
        2,
        Optional.empty(),
        Optional.ofNullable(limit),
        "COMPLETED",
        labels);
  }

  FlexibilityRules rules(String yaml) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, yaml);
    return FlexibilityRules.read(file);
  }

  @Test
  void withoutRulesATimeLimitSetsTheDeadlineElseTheDefaultSlack() {
    FlexibilityRules rules = FlexibilityRules.defaults(Duration.ofHours(12));

    JobFlexibility limited = rules.decide(job("gpu", "a", Duration.ofHours(10), Map.of()));
    assertThat(limited.deadline()).isEqualTo(START.plus(Duration.ofHours(10)));
    assertThat(limited.deadlineRule()).isEqualTo("time limit");

    JobFlexibility open = rules.decide(job("gpu", "a", null, Map.of()));
    assertThat(open.deadline()).isEqualTo(END.plus(Duration.ofHours(12)));
    assertThat(open.deadlineRule()).isEqualTo("default slack 12h");
    assertThat(open.interruptible()).isFalse();
    assertThat(open.mobile()).isFalse();

    // A job that hit its limit ran to it: it may not end earlier than it did.
    JobFlexibility timedOut = rules.decide(job("gpu", "a", Duration.ofHours(2), Map.of()));
    assertThat(timedOut.deadline()).isEqualTo(END);

    FlexibilityRules noLimits = rules.withDefaults(Duration.ofHours(1), true, true, false);
    JobFlexibility ignored = noLimits.decide(job("gpu", "a", Duration.ofHours(10), Map.of()));
    assertThat(ignored.deadline()).isEqualTo(END.plus(Duration.ofHours(1)));
    assertThat(ignored.interruptible()).isTrue();
    assertThat(ignored.mobile()).isTrue();
  }

  @Test
  void theFirstMatchingRuleWinsOverTimeLimitsAndLabelsWinOverRules() throws Exception {
    FlexibilityRules rules =
        rules(
            """
            default: {slack: 2h}
            rules:
              - match: {group: "gpu-*", user: alice}
                slack: 48h
                interruptible: true
              - match: {group: gpu-batch}
                slack: 1h
                mobile: true
              - match: {labels: {team: vision}}
                mobile: true
            """);

    JobFlexibility alice = rules.decide(job("GPU-Batch", "alice", Duration.ofHours(10), Map.of()));
    assertThat(alice.deadline()).isEqualTo(END.plus(Duration.ofHours(48)));
    assertThat(alice.deadlineRule()).isEqualTo("rule 1 (group gpu-*, user alice)");
    assertThat(alice.interruptible()).isTrue();
    assertThat(alice.mobile()).as("only the first matching rule applies").isFalse();

    JobFlexibility bob = rules.decide(job("gpu-batch", "bob", null, Map.of()));
    assertThat(bob.deadline()).isEqualTo(END.plus(Duration.ofHours(1)));
    assertThat(bob.mobile()).isTrue();

    JobFlexibility vision =
        rules.decide(job("cpu", "bob", Duration.ofHours(10), Map.of("team", "vision")));
    assertThat(vision.mobile()).isTrue();
    assertThat(vision.deadlineRule())
        .as("a rule without slack leaves the deadline to the time limit")
        .isEqualTo("time limit");

    JobFlexibility labelled =
        rules.decide(
            job(
                "gpu-batch",
                "alice",
                null,
                Map.of(
                    "carbonq.io/deadline", "2023-05-09T18:00:00Z",
                    "carbonq.io/interruptible", "false")));
    assertThat(labelled.deadline()).isEqualTo(Instant.parse("2023-05-09T18:00:00Z"));
    assertThat(labelled.deadlineRule()).isEqualTo("label carbonq.io/deadline");
    assertThat(labelled.interruptible()).isFalse();

    JobFlexibility relative =
        rules.decide(job("x", "y", null, Map.of("carbonq.io/deadline", "24h")));
    assertThat(relative.deadline())
        .as("after submission, as in a job spec")
        .isEqualTo(SUBMIT.plus(Duration.ofHours(24)));
  }

  @Test
  void latencySensitiveJobsStartWhenSubmittedAndNeverPause() {
    FlexibilityRules rules =
        FlexibilityRules.defaults(Duration.ofHours(12))
            .withDefaults(Duration.ofHours(12), true, false, true);
    JobFlexibility serving = rules.decide(job("gpu", "a", null, Map.of("qos", "LS")));
    // No later than it ran: the hour it waited was the cluster's, not a freedom it had.
    assertThat(serving.deadline()).isEqualTo(END);
    assertThat(serving.deadlineRule()).isEqualTo("latency-sensitive");
    assertThat(serving.interruptible()).isFalse();
  }

  @Test
  void noDeadlineReachesMoreThanThirtyDaysPastTheRecordedEnd() {
    FlexibilityRules rules = FlexibilityRules.defaults(Duration.ofDays(100_000));
    JobFlexibility capped = rules.decide(job("gpu", "a", null, Map.of()));
    assertThat(capped.deadline()).isEqualTo(END.plus(Duration.ofDays(30)));
    assertThat(capped.deadlineRule())
        .isEqualTo("default slack 100000d, capped at 30d after its end");

    JobFlexibility limit = rules.decide(job("gpu", "a", Duration.ofDays(365), Map.of()));
    assertThat(limit.deadline()).isEqualTo(END.plus(Duration.ofDays(30)));
    assertThat(limit.deadlineRule()).isEqualTo("time limit, capped at 30d after its end");
  }

  @Test
  void badLabelsAndRulesFilesNameTheFieldAndTheFix() throws Exception {
    FlexibilityRules rules = FlexibilityRules.defaults(Duration.ofHours(1));
    assertThatThrownBy(
            () -> rules.decide(job("g", "u", null, Map.of("carbonq.io/deadline", "soon"))))
        .hasMessageContaining("carbonq.io/deadline 'soon' is neither a time like");
    assertThatThrownBy(
            () -> rules.decide(job("g", "u", null, Map.of("carbonq.io/mobile", "maybe"))))
        .hasMessageContaining("carbonq.io/mobile 'maybe' must be true or false");

    assertThatThrownBy(() -> rules("rules:\n  - match: {group: a}\n    slak: 2h\n"))
        .hasMessageContaining(
            "unknown field 'rules[0].slak'; known: match, slack, interruptible, mobile");
    assertThatThrownBy(() -> rules("rules:\n  - match: {group: a}\n    slack: soon\n"))
        .hasMessageContaining("rules[0].slack 'soon'");
    assertThatThrownBy(() -> rules("rules:\n  - slack: 2h\n"))
        .hasMessageContaining("rules[0].match must name a group, a user or labels");
    assertThatThrownBy(() -> rules("default: {interruptible: perhaps}\n"))
        .hasMessageContaining("default.interruptible must be true or false, got 'perhaps'");
    assertThatThrownBy(() -> rules("- just a list\n"))
        .hasMessageContaining("expected a mapping with 'default' and 'rules'");
  }
}
