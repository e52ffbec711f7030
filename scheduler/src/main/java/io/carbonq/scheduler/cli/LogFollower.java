package io.carbonq.scheduler.cli;

import io.carbonq.scheduler.client.ApiClient;
import java.util.Optional;

/**
 * What {@code logs -f} prints of each new answer, so that each line is printed once: the server
 * answers the whole output every time (the latest run's, or every run's), and what follows the text
 * already printed is new. When a resume starts a new run, the new run is printed whole after a
 * {@code ==> RUN <==} line; when the server's window (a pod's last 10,000 lines) has moved on, what
 * follows the printed lines it still holds is new.
 */
final class LogFollower {
  private final boolean everyRun;
  private Optional<String> run = Optional.empty();
  private String shown = "";

  /**
   * @param everyRun whether the answers hold every run's output, so that a new run only adds to
   *     them
   */
  LogFollower(boolean everyRun) {
    this.everyRun = everyRun;
  }

  /** What to print of {@code answer}, the job's output as the server answers it now. */
  String news(ApiClient.Text answer) {
    String text = answer.body();
    String news;
    if (!everyRun && run.isPresent() && answer.run().isPresent() && !run.equals(answer.run())) {
      String apart = shown.isEmpty() || shown.endsWith("\n") ? "" : "\n";
      news = apart + "==> " + answer.run().get() + " <==\n" + text;
    } else if (text.startsWith(shown)) {
      news = text.substring(shown.length());
    } else {
      news = afterOverlap(shown, text);
    }
    run = answer.run();
    shown = text;
    return news;
  }

  /**
   * What follows, in {@code text}, the longest end of {@code shown} that starts a line and that
   * {@code text} starts with; all of {@code text} when there is none.
   */
  static String afterOverlap(String shown, String text) {
    for (int newline = shown.indexOf('\n');
        newline >= 0 && newline < shown.length() - 1;
        newline = shown.indexOf('\n', newline + 1)) {
      String end = shown.substring(newline + 1);
      if (text.startsWith(end)) {
        return text.substring(end.length());
      }
    }
    return text;
  }
}
