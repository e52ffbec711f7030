package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.cli.QueueCommands.kg;
import static io.carbonq.scheduler.cli.QueueCommands.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.client.ClientException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code status} and {@code cancel} given a sweep's name where no job has it: the sweep as one
 * thing, from {@code GET} and {@code DELETE /v1/sweeps/{id}}.
 */
final class SweepView {
  private SweepView() {}

  /**
   * Sweep {@code id} (of the owner {@code ownerQuery} names, else the caller's); when there is none
   * either, fails with {@code noJob} (the server's answer for the job) and says no sweep has the
   * name.
   */
  static JsonNode fetch(ApiClient client, String id, String ownerQuery, ClientException noJob) {
    return orNeither(() -> client.get(path(id) + ownerQuery), noJob);
  }

  /** Prints a sweep, as {@link #fetch} gives it, for people. */
  static void print(JsonNode sweep, PrintWriter out) {
    out.printf(
        "%s  sweep of %s by %s, at most %s at once%n",
        text(sweep, "sweep"),
        Numbers.count(sweep.path("trials").asInt(), "trial"),
        text(sweep, "owner"),
        text(sweep, "maxParallel"));
    out.printf("  trials     %s%n", byState(sweep.path("states")));
    out.printf("  deadline   %s%n", text(sweep, "deadline"));
    int realised = sweep.path("realisedTrials").asInt();
    out.printf(
        "  kgCO2e     %s planned for %s, %s%n",
        kg(sweep.path("plannedKgCo2e")),
        Numbers.count(sweep.path("plannedTrials").asInt(), "trial"),
        realised == 0
            ? "none realised yet"
            : kg(sweep.path("realisedKgCo2e"))
                + " realised by "
                + Numbers.count(realised, "finished trial"));
    out.printf(
        // Two lines, so that the sweep fits an 80-column terminal.
        "  run now    %s kgCO2e if every trial started now,%n"
            + "             at its home, else on the first free pool%n",
        kg(sweep.path("runNowKgCo2e")));
    out.printf("  %s%n", lastEnd(sweep));
    out.printf("each trial: carbonq list --sweep %s%n", text(sweep, "sweep"));
  }

  /** Cancels every open trial of sweep {@code id}; as {@link #fetch} when there is none. */
  static void cancel(
      ApiClient client,
      String id,
      String ownerQuery,
      ClientException noJob,
      ClientOutput output,
      PrintWriter out) {
    JsonNode done = orNeither(() -> client.delete(path(id) + ownerQuery), noJob);
    if (!output.table()) {
      output.print(out, done);
      return;
    }
    int finished = done.path("finished").asInt();
    out.printf(
        "cancelled sweep %s: %s%s%n",
        text(done, "sweep"),
        Numbers.count(done.path("cancelled").size(), "trial"),
        finished == 0 ? "" : ", " + finished + " finished already");
  }

  /** "1 running, 2 planned, 1 succeeded": the states some trial is in, in their order. */
  private static String byState(JsonNode states) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> state : iterable(states)) {
      if (state.getValue().asInt() > 0) {
        parts.add(state.getValue().asInt() + " " + state.getKey());
      }
    }
    return String.join(", ", parts);
  }

  private static String lastEnd(JsonNode sweep) {
    if (sweep.path("finishedAt").isTextual()) {
      return "ended      " + text(sweep, "finishedAt") + ", every trial finished";
    }
    if (sweep.path("expectedEnd").isTextual()) {
      return "last ends  " + text(sweep, "expectedEnd") + " as planned";
    }
    return "last ends  not known yet: "
        + Numbers.count(sweep.path("unplanned").asInt(), "trial")
        + " await"
        + (sweep.path("unplanned").asInt() == 1 ? "s" : "")
        + " a plan";
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }

  private static String path(String id) {
    return "/v1/sweeps/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /** The call's answer; when the server has no such sweep, {@code noJob} saying neither exists. */
  private static JsonNode orNeither(
      java.util.function.Supplier<JsonNode> call, ClientException noJob) {
    try {
      return call.get();
    } catch (ClientException e) {
      if (e.notFound()) {
        throw new ClientException(
            noJob.getMessage() + ", nor a sweep of that name", ApiClient.FAILURE, 404);
      }
      throw e;
    }
  }
}
