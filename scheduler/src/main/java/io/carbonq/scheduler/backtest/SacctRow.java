package io.carbonq.scheduler.backtest;

import static io.carbonq.scheduler.backtest.UnusableRow.JOB_STEP;
import static io.carbonq.scheduler.backtest.UnusableRow.NEVER_STARTED;
import static io.carbonq.scheduler.backtest.UnusableRow.NO_GPU;
import static io.carbonq.scheduler.backtest.UnusableRow.RAN_FOR_NO_TIME;
import static io.carbonq.scheduler.backtest.UnusableRow.STILL_RUNNING;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One line of {@code sacct --parsable2} output, its fields by column name, and the rules that make
 * it a {@link HistoryJob} or say why it is not one.
 */
final class SacctRow {
  private final Map<String, Integer> columns;
  private final String[] fields;
  private final ZoneId zone;

  /** {@code columns}: each column's index by its name in lower case. */
  SacctRow(Map<String, Integer> columns, String[] fields, ZoneId zone) {
    this.columns = columns;
    this.fields = fields;
    this.zone = zone;
  }

  HistoryJob job() {
    String id = field("JobID");
    if (id.isEmpty()) {
      throw UnusableRow.unreadable("JobID is empty");
    }
    if (id.contains(".")) {
      throw new UnusableRow(JOB_STEP, id + " is a step of job " + id.substring(0, id.indexOf('.')));
    }
    GpuRequest gpus = gpus();
    String state = state();
    if (id.contains("[")) {
      throw new UnusableRow(NEVER_STARTED, id + " are array tasks not yet started");
    }
    String startText = field("Start");
    if (state.equals("PENDING") || SlurmTime.unknown(startText)) {
      throw new UnusableRow(NEVER_STARTED, "state " + state + ", Start " + startText);
    }
    String endText = field("End");
    if (state.equals("RUNNING") || SlurmTime.unknown(endText)) {
      throw new UnusableRow(STILL_RUNNING, "state " + state + ", End " + endText);
    }
    Instant submit = SlurmTime.instant("Submit", field("Submit"), zone);
    Instant start = SlurmTime.instant("Start", startText, zone);
    Instant end = SlurmTime.instant("End", endText, zone);
    if (start.equals(end)) {
      throw new UnusableRow(RAN_FOR_NO_TIME, "Start and End are both " + startText);
    }
    try {
      return new HistoryJob(
          id,
          field("User"),
          field("Partition").split(",")[0],
          submit,
          start,
          end,
          gpus.count(),
          gpus.model(),
          SlurmTime.timeLimit(field("Timelimit")),
          state,
          labels());
    } catch (IllegalArgumentException e) {
      throw UnusableRow.unreadable(e.getMessage());
    }
  }

  /** The GPUs it was given when it ran, else those it asked for. */
  private GpuRequest gpus() {
    String column = field("AllocTRES").isEmpty() ? "ReqTRES" : "AllocTRES";
    String tres = field(column);
    GpuRequest gpus = SlurmTres.gpus(column, tres);
    if (gpus.count() == 0) {
      throw new UnusableRow(NO_GPU, column + " '" + tres + "' has no gres/gpu");
    }
    return gpus;
  }

  /** The state's first word: "CANCELLED by 1000" is CANCELLED. */
  private String state() {
    String state = field("State").split(" ")[0].toUpperCase(Locale.ROOT);
    // sacct marks a state cut to fit its column with a +.
    return state.endsWith("+") ? state.substring(0, state.length() - 1) : state;
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new HashMap<>();
    if (!field("Account").isEmpty()) {
      labels.put("account", field("Account"));
    }
    if (!field("QOS").isEmpty()) {
      labels.put("qos", field("QOS"));
    }
    return labels;
  }

  /** The field under {@code column}, trimmed; empty when the file has no such column. */
  private String field(String column) {
    Integer index = columns.get(column.toLowerCase(Locale.ROOT));
    return index == null ? "" : fields[index].trim();
  }
}
