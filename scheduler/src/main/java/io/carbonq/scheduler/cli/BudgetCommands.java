package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.scheduler.cli.TextTable.Column;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carbonq budget [set|delete]}: carbon budgets per owner and team, and their use. */
@Command(
    name = "budget",
    description =
        "Show the carbon budgets your jobs count against (an admin: all), with what is used and"
            + " left; an admin sets and removes them.",
    mixinStandardHelpOptions = true)
final class BudgetCommands implements Callable<Integer> {
  private final CliContext context;

  @Mixin ServerOption server;
  @Mixin ClientOutput output;

  BudgetCommands(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    JsonNode answer = server.client(context).get("/v1/budgets");
    if (output.name()) {
      answer.path("budgets").forEach(row -> context.out().println(row.path("scope").asText()));
      return 0;
    }
    if (!output.table()) {
      output.print(context.out(), answer);
      return 0;
    }
    if (answer.path("budgets").isEmpty()) {
      context.out().println("no carbon budget covers your jobs");
      return 0;
    }
    TextTable table =
        new TextTable(
            Column.of("SCOPE").cut(12),
            Column.of("BUDGET>"),
            Column.of("PER"),
            Column.of("USED>"),
            Column.of("LEFT>"),
            Column.of("RENEWS").optional(2),
            Column.of("IF OVER").optional(1),
            Column.of("RAN>").optional(4),
            Column.of("RUNNING>").optional(5),
            Column.of("PLANNED>").optional(3),
            Column.of("SET BY").wide());
    for (JsonNode row : answer.path("budgets")) {
      double limit = row.path("kgCo2e").asDouble();
      double used = row.path("usedKgCo2e").asDouble();
      table.add(
          row.path("scope").asText(),
          QueueCommands.kg(row.path("kgCo2e")),
          row.path("period").asText(),
          QueueCommands.kg(row.path("usedKgCo2e"))
              + (limit > 0 ? " " + Numbers.percent(used / limit) : ""),
          QueueCommands.kg(row.path("leftKgCo2e")),
          time(row.path("renewsAt")),
          row.path("overBudget").asText(),
          QueueCommands.kg(row.path("realisedKgCo2e")),
          QueueCommands.kg(row.path("committedKgCo2e")),
          QueueCommands.kg(row.path("plannedKgCo2e")),
          row.path("setBy").asText());
    }
    table.print(context.out(), context.terminal().layout(output.wide()));
    context
        .out()
        .println("kgCO2e as footprints count it; USED counts runs ended, started and planned");
    return 0;
  }

  private static String time(JsonNode value) {
    return value.isTextual() ? Numbers.utc(Instant.parse(value.asText())) : "-";
  }

  @Command(
      name = "set",
      description =
          "Set the budget of an owner or a team (admin); it replaces carbonq.yaml's until removed.",
      mixinStandardHelpOptions = true)
  int set(
      @Parameters(index = "0", paramLabel = "SCOPE", description = "owner:NAME or team:NAME")
          String scope,
      @Parameters(index = "1", paramLabel = "KG", description = "kgCO2e per period, e.g. 50")
          double kg,
      @Option(
              names = "--period",
              defaultValue = "month",
              paramLabel = "PERIOD",
              description = "month (calendar, UTC) or 30d (rolling) (default: ${DEFAULT-VALUE})")
          String period,
      @Option(
              names = "--over-budget",
              defaultValue = "queue",
              paramLabel = "ACTION",
              description =
                  "what happens to a job that would exceed it: defer (wait past its deadline for"
                      + " cleaner hours), queue (wait until it renews) or refuse (at submission)"
                      + " (default: ${DEFAULT-VALUE})")
          String overBudget,
      @Mixin ServerOption server,
      @Mixin ClientOutput output) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("kgCo2e", kg);
    body.put("period", period);
    body.put("overBudget", overBudget);
    JsonNode set =
        server
            .client(context)
            .put("/v1/budgets/" + QueueCommands.encode(scope).replace("+", "%20"), body);
    if (!output.table()) {
      output.print(context.out(), set);
      return 0;
    }
    print(context.out(), "set", set);
    return 0;
  }

  @Command(
      name = "delete",
      description = "Remove a budget set with `budget set` (admin); carbonq.yaml's applies again.",
      mixinStandardHelpOptions = true)
  int delete(
      @Parameters(paramLabel = "SCOPE", description = "owner:NAME or team:NAME") String scope,
      @Mixin ServerOption server,
      @Mixin ClientOutput output) {
    JsonNode removed =
        server
            .client(context)
            .delete("/v1/budgets/" + QueueCommands.encode(scope).replace("+", "%20"));
    if (!output.table()) {
      output.print(context.out(), removed);
      return 0;
    }
    context.out().printf("removed the budget of %s%n", removed.path("removed").asText());
    if (removed.path("inForce").isObject()) {
      print(context.out(), "in force again from carbonq.yaml:", removed.path("inForce"));
    }
    return 0;
  }

  private static void print(PrintWriter out, String what, JsonNode budget) {
    out.printf(
        "%s %s: %s kgCO2e per %s, %s used, %s left; over it, jobs %s%n",
        what,
        budget.path("scope").asText(),
        QueueCommands.kg(budget.path("kgCo2e")),
        budget.path("period").asText().equals("month") ? "month" : "30 days",
        QueueCommands.kg(budget.path("usedKgCo2e")),
        QueueCommands.kg(budget.path("leftKgCo2e")),
        action(budget.path("overBudget").asText()));
  }

  /** What a budget's action does, in words. */
  static String action(String overBudget) {
    return switch (overBudget) {
      case "defer" -> "wait past their deadline for cleaner hours, else until it renews";
      case "refuse" -> "are refused at submission";
      default -> "wait until it renews";
    };
  }

  /** The lines {@code submit} prints for the budgets a submission counts against. */
  static void printQuotes(PrintWriter out, JsonNode budgets) {
    for (JsonNode budget : budgets) {
      out.printf(
          "budget %s: %s of %s kgCO2e used this %s, %s left; this submission expects %s%n",
          budget.path("scope").asText(),
          QueueCommands.kg(budget.path("usedKgCo2e")),
          QueueCommands.kg(budget.path("kgCo2e")),
          budget.path("period").asText().equals("month") ? "month" : "30 days",
          QueueCommands.kg(budget.path("leftKgCo2e")),
          QueueCommands.kg(budget.path("jobExpectedKgCo2e")));
      if (budget.path("shortfall").isTextual()) {
        out.printf(
            "  %s; so it will %s%n",
            budget.path("shortfall").asText(),
            action(budget.path("overBudget").asText()).replace("wait past their", "wait past its"));
      }
    }
  }
}
