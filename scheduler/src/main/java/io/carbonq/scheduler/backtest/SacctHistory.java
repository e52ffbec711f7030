package io.carbonq.scheduler.backtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Slurm accounting export, {@code sacct --parsable2} (or {@code --parsable}, whose lines
 * end in a {@code |}): a header line of field names, then one line per job, array task or job step,
 * fields separated by {@code |}, columns in any order. Each job that ran on GPUs becomes a {@link
 * HistoryJob}: its JobID, User, first Partition as group, Submit, Start and End, GPUs from
 * AllocTRES (else ReqTRES) with the model from {@code gres/gpu:<type>}, Timelimit, the first word
 * of State, and the labels {@code account} and {@code qos}. Every other line is skipped with its
 * line number and reason. Times without an offset are read in the zone given, as sacct prints the
 * local time of the machine it runs on.
 */
public final class SacctHistory {
  static final String FORMAT = "sacct";

  /** A command line whose output has every column read here. */
  static final String COMMAND =
      "sacct --allusers --parsable2 --starttime=2023-05-01 --endtime=now"
          + " --format=JobID,User,Account,Partition,QOS,Submit,Start,End,Elapsed,Timelimit,State,"
          + "AllocTRES,ReqTRES";

  private static final List<String> REQUIRED =
      List.of("JobID", "User", "Partition", "Submit", "Start", "End", "State");

  private SacctHistory() {}

  /**
   * The GPU jobs of the export {@code name}, read to its end from {@code reader}; local times in
   * {@code zone}.
   *
   * @throws IllegalArgumentException if the header lacks a column that is needed, or no line is a
   *     GPU job that ran to its end
   */
  public static History read(String name, BufferedReader reader, ZoneId zone) throws IOException {
    int lineNumber = 1;
    String header = reader.readLine();
    while (header != null && header.isBlank()) {
      header = reader.readLine();
      lineNumber++;
    }
    if (header == null) {
      throw new IllegalArgumentException(name + ": the file is empty; export one with " + COMMAND);
    }
    // --parsable ends every line with the separator, --parsable2 does not.
    boolean trailingSeparator = header.endsWith("|");
    String names = withoutTrailing(header, trailingSeparator);
    Map<String, Integer> columns = columns(name, names);
    int width = names.split("\\|", -1).length;
    HistoryRows rows = new HistoryRows();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String where = name + " line " + lineNumber;
      try {
        String[] fields = withoutTrailing(line, trailingSeparator).split("\\|", -1);
        if (fields.length != width) {
          throw UnusableRow.unreadable(
              "expected " + width + " fields as in the header, got " + fields.length);
        }
        rows.add(new SacctRow(columns, fields, zone).job());
      } catch (UnusableRow why) {
        rows.skip(where, why);
      }
    }
    return rows.history(name, FORMAT);
  }

  private static String withoutTrailing(String line, boolean trailingSeparator) {
    return trailingSeparator && line.endsWith("|") ? line.substring(0, line.length() - 1) : line;
  }

  /** Each column's index by its name in lower case, once the needed ones are known to be there. */
  private static Map<String, Integer> columns(String name, String header) {
    Map<String, Integer> columns = new HashMap<>();
    String[] names = header.split("\\|", -1);
    for (int i = 0; i < names.length; i++) {
      columns.put(names[i].trim().toLowerCase(Locale.ROOT), i);
    }
    for (String required : REQUIRED) {
      if (!columns.containsKey(required.toLowerCase(Locale.ROOT))) {
        throw missing(name, "'" + required + "'");
      }
    }
    if (!columns.containsKey("alloctres") && !columns.containsKey("reqtres")) {
      throw missing(name, "'AllocTRES' or 'ReqTRES'");
    }
    return columns;
  }

  private static IllegalArgumentException missing(String name, String column) {
    return new IllegalArgumentException(
        name + ": the sacct header has no column " + column + "; export with " + COMMAND);
  }
}
