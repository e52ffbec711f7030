package io.carbonq.scheduler.api;

import io.carbonq.k8s.ClusterException;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.RunLog;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * A job's output as plain text, as {@code kubectl logs} gives a pod's: the latest run's, or with
 * {@code ?runs=all} every run's, oldest first, each under a {@code ==> run <==} line (a job paused
 * and resumed has one run per piece). The {@value #RUN_HEADER} header names the latest run shown,
 * so that a client that polls to follow sees when a resume starts a new one. A job that has not
 * started is a 409 saying so; one whose output is no longer kept, a 404.
 */
final class LogApi {
  static final String RUN_HEADER = "Carbonq-Run";

  private final QueueService service;

  LogApi(QueueService service) {
    this.service = service;
  }

  void write(Context ctx, QueuedJob job) {
    boolean everyRun = everyRun(ctx);
    List<RunLog> logs = job.dispatchedAt().isPresent() ? read(job) : List.of();
    if (logs.isEmpty()) {
      throw noOutput(job);
    }
    RunLog latest = logs.get(logs.size() - 1);
    ctx.status(200)
        .header(RUN_HEADER, latest.run())
        .contentType("text/plain; charset=utf-8")
        .result(everyRun ? joined(logs) : latest.text());
  }

  private static boolean everyRun(Context ctx) {
    String runs = Optional.ofNullable(ctx.queryParam("runs")).orElse("latest");
    if (!runs.equals("latest") && !runs.equals("all")) {
      throw Problem.badRequest("runs must be latest or all, got '" + runs + "'");
    }
    return runs.equals("all");
  }

  private List<RunLog> read(QueuedJob job) {
    try {
      return service.logs(job);
    } catch (ClusterException e) {
      throw new Problem(
          503,
          "cluster-unavailable",
          "Cluster unavailable",
          "the output of job '"
              + JobKeys.name(job.id())
              + "' could not be read: "
              + e.getMessage());
    }
  }

  private static String joined(List<RunLog> logs) {
    StringBuilder text = new StringBuilder();
    for (RunLog log : logs) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("==> ")
          .append(log.run())
          .append(log.startedAt().map(at -> ", started " + at).orElse(""))
          .append(" <==\n")
          .append(log.text());
      if (!log.text().isEmpty() && !log.text().endsWith("\n")) {
        text.append('\n');
      }
    }
    return text.toString();
  }

  /** Why there is nothing to show: the job has not started (409), or its output is gone (404). */
  private static Problem noOutput(QueuedJob job) {
    String name = JobKeys.name(job.id());
    String state = job.state().label() + " (" + job.stateReason() + ")";
    if (job.startedAt().isPresent()) {
      return new Problem(
          404,
          "no-logs",
          "No output kept",
          "job '"
              + name
              + "' ran, but none of its output is kept: a cluster deletes the pods of a paused"
              + " or removed Job, and the simulated cluster forgets on a restart; it is "
              + state);
    }
    if (job.state().isFinal()) {
      return new Problem(
          409,
          "not-started",
          "Job not started",
          "job '" + name + "' never started: it is " + state);
    }
    String start =
        job.plan()
            .filter(plan -> job.dispatchedAt().isEmpty())
            .map(LogApi::plannedStart)
            .orElse("");
    return new Problem(
        409,
        "not-started",
        "Job not started",
        "job '"
            + name
            + "' has not started yet: it is "
            + state
            + start
            + "; `carbonq status "
            + name
            + " -w` shows when it does");
  }

  private static String plannedStart(PlannedRun plan) {
    return ", planned to start " + plan.start() + " on " + plan.pool();
  }
}
