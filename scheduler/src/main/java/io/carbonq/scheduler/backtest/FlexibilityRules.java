package io.carbonq.scheduler.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonq.config.DurationText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a history does not record, how long each job could have waited and whether it could pause or
 * move, decided per job, first that applies:
 *
 * <ol>
 *   <li>the job's own labels or annotations: {@code carbonq.io/deadline} (a time, or a duration
 *       after submission, as in a job spec), {@code carbonq.io/interruptible}, {@code
 *       carbonq.io/mobile}; a latency-sensitive job ({@code qos} LS, or {@code carbonq.io/class:
 *       latency-sensitive}) starts when it was submitted;
 *   <li>the first rule of the rules file whose match fits the job (by group, user, labels), for
 *       what that rule names: its {@code slack} lets the job end that much later than it did;
 *   <li>the job's time limit (Slurm's, a Job's activeDeadlineSeconds): it may end as late as its
 *       recorded start plus its limit, what its user accepted;
 *   <li>the default: end at most {@code slack} after it did, not interruptible, not mobile.
 * </ol>
 */
public record FlexibilityRules(
    Duration defaultSlack,
    boolean defaultInterruptible,
    boolean defaultMobile,
    boolean timeLimits,
    List<Rule> rules) {

  public static final String DEADLINE_LABEL = "carbonq.io/deadline";
  public static final String INTERRUPTIBLE_LABEL = "carbonq.io/interruptible";
  public static final String MOBILE_LABEL = "carbonq.io/mobile";
  public static final String CLASS_LABEL = "carbonq.io/class";

  /** What a rule matches: each part given must fit; {@code *} in a name matches any text. */
  public record Match(Optional<String> group, Optional<String> user, Map<String, String> labels) {
    public Match {
      labels = Map.copyOf(labels);
    }

    boolean fits(HistoryJob job) {
      return group.map(glob -> matches(glob, job.group())).orElse(true)
          && user.map(glob -> matches(glob, job.user())).orElse(true)
          && labels.entrySet().stream()
              .allMatch(
                  label ->
                      job.labels().containsKey(label.getKey())
                          && matches(label.getValue(), job.labels().get(label.getKey())));
    }

    private static boolean matches(String glob, String text) {
      return Pattern.compile(
              "\\Q" + glob.replace("*", "\\E.*\\Q") + "\\E", Pattern.CASE_INSENSITIVE)
          .matcher(text)
          .matches();
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      group.ifPresent(g -> parts.add("group " + g));
      user.ifPresent(u -> parts.add("user " + u));
      labels.forEach((key, value) -> parts.add(key + "=" + value));
      return String.join(", ", parts);
    }
  }

  /** Rule {@code number} (from 1, in file order): what it sets for the jobs it matches. */
  public record Rule(
      int number,
      Match match,
      Optional<Duration> slack,
      Optional<Boolean> interruptible,
      Optional<Boolean> mobile) {

    String name() {
      return "rule " + number + " (" + match + ")";
    }
  }

  public FlexibilityRules {
    if (defaultSlack.isNegative()) {
      throw new IllegalArgumentException("the default slack must not be negative");
    }
    rules = List.copyOf(rules);
  }

  /** No rules: every job gets {@code slack}, its time limit where it has one, and no more. */
  public static FlexibilityRules defaults(Duration slack) {
    return new FlexibilityRules(slack, false, false, true, List.of());
  }

  /** This with other defaults, as the command line's flags set them. */
  public FlexibilityRules withDefaults(
      Duration slack, boolean interruptible, boolean mobile, boolean useTimeLimits) {
    return new FlexibilityRules(slack, interruptible, mobile, useTimeLimits, rules);
  }

  /**
   * The latest a deadline may be, after the job's recorded end: a year's time limit would let a
   * policy wait past any grid data the backtest has, and savings found there would be no one's.
   */
  public static final Duration MAX_EXTENSION = Duration.ofDays(30);

  public JobFlexibility decide(HistoryJob job) {
    JobFlexibility decided = decideUncapped(job);
    Instant latest = job.end().plus(MAX_EXTENSION);
    if (decided.deadline().isAfter(latest)) {
      return new JobFlexibility(
          latest,
          decided.deadlineRule() + ", capped at 30d after its end",
          decided.interruptible(),
          decided.mobile());
    }
    return decided;
  }

  private JobFlexibility decideUncapped(HistoryJob job) {
    Optional<Rule> rule = rules.stream().filter(r -> r.match().fits(job)).findFirst();
    Instant deadline;
    String because;
    Optional<String> declared = label(job, DEADLINE_LABEL);
    if (declared.isPresent()) {
      deadline = declaredDeadline(job, declared.get());
      because = "label " + DEADLINE_LABEL;
    } else if (latencySensitive(job)) {
      // Start when submitted; the cluster's own few seconds or minutes of latency allowed.
      deadline = job.end();
      because = "latency-sensitive";
    } else if (rule.isPresent() && rule.get().slack().isPresent()) {
      deadline = extended(job, rule.get().slack().get());
      because = rule.get().name();
    } else if (timeLimits && job.timeLimit().isPresent()) {
      Instant limit = job.start().plus(job.timeLimit().get());
      deadline = limit.isAfter(job.end()) ? limit : job.end();
      because = "time limit";
    } else {
      deadline = extended(job, defaultSlack);
      because = "default slack " + DurationText.format(defaultSlack);
    }
    boolean interruptible =
        flag(job, INTERRUPTIBLE_LABEL)
            .or(() -> rule.flatMap(Rule::interruptible))
            .orElse(defaultInterruptible);
    boolean mobile =
        flag(job, MOBILE_LABEL).or(() -> rule.flatMap(Rule::mobile)).orElse(defaultMobile);
    return new JobFlexibility(deadline, because, interruptible && !latencySensitive(job), mobile);
  }

  /** The recorded end plus {@code slack}, at most a day past the cap (which then applies). */
  private static Instant extended(HistoryJob job, Duration slack) {
    return job.end().plus(slack.compareTo(MAX_EXTENSION) > 0 ? MAX_EXTENSION.plusDays(1) : slack);
  }

  private static boolean latencySensitive(HistoryJob job) {
    return "LS".equalsIgnoreCase(job.labels().getOrDefault("qos", ""))
        || label(job, CLASS_LABEL).filter("latency-sensitive"::equalsIgnoreCase).isPresent();
  }

  private static Optional<String> label(HistoryJob job, String key) {
    return Optional.ofNullable(job.labels().get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static Optional<Boolean> flag(HistoryJob job, String key) {
    return label(job, key)
        .map(
            value ->
                switch (value.toLowerCase(Locale.ROOT)) {
                  case "true", "yes", "1" -> true;
                  case "false", "no", "0" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "job "
                              + job.id()
                              + ": "
                              + key
                              + " '"
                              + value
                              + "' must be true or false");
                });
  }

  /** A time, or a duration after submission, as a job spec's deadline. */
  private static Instant declaredDeadline(HistoryJob job, String value) {
    Optional<Duration> after = DurationText.parse(value);
    if (after.isPresent() && !after.get().isNegative()) {
      return job.submit()
          .plus(
              after.get().compareTo(MAX_EXTENSION.multipliedBy(12)) > 0
                  ? MAX_EXTENSION.multipliedBy(12)
                  : after.get());
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "job "
              + job.id()
              + ": "
              + DEADLINE_LABEL
              + " '"
              + value
              + "' is neither a time like 2023-05-09T18:00:00Z nor a duration like 24h");
    }
  }

  /**
   * A rules file:
   *
   * <pre>
   * default: {slack: 12h, interruptible: false, mobile: false, timeLimits: true}
   * rules:
   *   - match: {group: gpu-batch}          # partition, namespace or queue; * matches any text
   *     slack: 48h
   *     interruptible: true
   *   - match: {user: alice, labels: {team: vision}}
   *     mobile: true
   * </pre>
   *
   * The command line's flags, where given, replace the file's defaults.
   */
  public static FlexibilityRules read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a mapping with 'default' and 'rules'");
    }
    only(file, "", root, List.of("default", "rules"));
    JsonNode defaults = root.path("default");
    if (!defaults.isMissingNode()) {
      only(file, "default", defaults, List.of("slack", "interruptible", "mobile", "timeLimits"));
    }
    Duration slack =
        duration(file, "default.slack", defaults.path("slack")).orElse(Duration.ofHours(12));
    boolean interruptible =
        bool(file, "default.interruptible", defaults.path("interruptible")).orElse(false);
    boolean mobile = bool(file, "default.mobile", defaults.path("mobile")).orElse(false);
    boolean limits = bool(file, "default.timeLimits", defaults.path("timeLimits")).orElse(true);
    List<Rule> rules = new ArrayList<>();
    JsonNode list = root.path("rules");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new IllegalArgumentException(file + ": 'rules' must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      String where = "rules[" + i + "]";
      JsonNode node = list.get(i);
      only(file, where, node, List.of("match", "slack", "interruptible", "mobile"));
      JsonNode match = node.path("match");
      if (!match.isObject() || match.isEmpty()) {
        throw new IllegalArgumentException(
            file + ": " + where + ".match must name a group, a user or labels, e.g. {group: gpu}");
      }
      only(file, where + ".match", match, List.of("group", "user", "labels"));
      Map<String, String> labels = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = match.path("labels").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> label = it.next();
        labels.put(label.getKey(), label.getValue().asText());
      }
      rules.add(
          new Rule(
              i + 1,
              new Match(text(match.path("group")), text(match.path("user")), labels),
              duration(file, where + ".slack", node.path("slack")),
              bool(file, where + ".interruptible", node.path("interruptible")),
              bool(file, where + ".mobile", node.path("mobile"))));
    }
    return new FlexibilityRules(slack, interruptible, mobile, limits, rules);
  }

  private static void only(Path file, String where, JsonNode node, List<String> known) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(file + ": " + where + " must be a mapping");
    }
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                throw new IllegalArgumentException(
                    file
                        + ": unknown field '"
                        + (where.isEmpty() ? "" : where + ".")
                        + name
                        + "'; known: "
                        + String.join(", ", known));
              }
            });
  }

  private static Optional<String> text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  private static Optional<Duration> duration(Path file, String field, JsonNode node) {
    return text(node)
        .map(
            value ->
                DurationText.parse(value)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                file
                                    + ": "
                                    + field
                                    + " '"
                                    + value
                                    + "': "
                                    + DurationText.expected(value))));
  }

  private static Optional<Boolean> bool(Path file, String field, JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      throw new IllegalArgumentException(
          file + ": " + field + " must be true or false, got '" + node.asText() + "'");
    }
    return Optional.of(node.booleanValue());
  }
}
