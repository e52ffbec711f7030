package io.carbonq.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.config.BudgetConfig;
import io.carbonq.config.BudgetPeriod;
import io.carbonq.config.BudgetScope;
import io.carbonq.config.OverBudget;
import io.carbonq.scheduler.budget.Budget;
import io.carbonq.scheduler.budget.BudgetStatus;
import io.carbonq.scheduler.budget.Shortfall;
import io.carbonq.scheduler.service.CarbonBudgets;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.spec.JobSpecReader;
import io.carbonq.scheduler.store.TokenStore.Caller;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The budget calls: where each budget stands (everyone sees the budgets their jobs count against,
 * an admin sees all), and an admin's setting or removing of one. A budget set here replaces the one
 * carbonq.yaml gives the same owner or team until it is removed.
 */
final class BudgetApi {
  private static final List<String> FIELDS = List.of("kgCo2e", "period", "overBudget");

  private final QueueService service;

  BudgetApi(QueueService service) {
    this.service = service;
  }

  Map<String, Object> list(Caller caller) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (BudgetStatus status : budgets().statuses(service.clock().instant())) {
      if (caller.isAdmin() || status.owners().contains(caller.owner())) {
        rows.add(json(status));
      }
    }
    return Map.of("budgets", rows);
  }

  /** {@code PUT /v1/budgets/{scope}} with {@code kgCo2e}, and optionally period and overBudget. */
  Map<String, Object> put(Context ctx, Caller caller) {
    BudgetScope scope = scope(ctx);
    if (!budgets().settable()) {
      throw Problem.conflict("budgets can be set only where carbonq keeps a database");
    }
    JsonNode body = JobSpecReader.parse(ctx.bodyAsBytes());
    RequestBodies.requireObjectOf(body, FIELDS, "{\"kgCo2e\": 50, \"period\": \"month\"}");
    JsonNode kg = body.path("kgCo2e");
    if (!kg.isNumber() || !(kg.doubleValue() >= 0) || kg.doubleValue() > BudgetConfig.MAX_KG) {
      throw Problem.badRequest(
          "kgCo2e must be a number between 0 and 1000000000, got " + kg.toString());
    }
    BudgetPeriod period =
        label(body, "period", BudgetConfig.DEFAULT_PERIOD.label(), BudgetPeriod.labels())
            .transform(text -> BudgetPeriod.parse(text).orElseThrow());
    OverBudget action =
        label(body, "overBudget", BudgetConfig.DEFAULT_OVER_BUDGET.label(), OverBudget.labels())
            .transform(text -> OverBudget.parse(text).orElseThrow());
    Budget set =
        budgets()
            .set(
                new BudgetConfig(scope, kg.doubleValue(), period, action),
                caller.owner(),
                service.clock().instant());
    return json(statusOf(set.config().scope()));
  }

  /**
   * {@code DELETE /v1/budgets/{scope}}: carbonq.yaml's budget for the scope, if any, applies again.
   */
  Map<String, Object> delete(Context ctx) {
    BudgetScope scope = scope(ctx);
    if (!budgets().settable() || !budgets().unset(scope)) {
      throw new Problem(
          404,
          "not-found",
          "No such budget",
          "no budget was set for "
              + scope
              + " through the API; carbonq.yaml's stay until it changes");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("removed", scope.toString());
    body.put("inForce", budgets().fromFile(scope).isPresent() ? json(statusOf(scope)) : null);
    return body;
  }

  private BudgetStatus statusOf(BudgetScope scope) {
    return budgets().statuses(service.clock().instant()).stream()
        .filter(status -> status.budget().config().scope().equals(scope))
        .findFirst()
        .orElseThrow();
  }

  private BudgetScope scope(Context ctx) {
    String text = ctx.pathParam("scope");
    BudgetScope scope =
        BudgetScope.parse(text)
            .orElseThrow(
                () ->
                    Problem.badRequest(
                        "'" + text + "' is not a budget scope; use " + BudgetScope.FORM));
    if (scope.kind() == BudgetScope.Kind.TEAM
        && !budgets().config().teams().containsKey(scope.name())) {
      throw Problem.badRequest(
          "unknown team '"
              + scope.name()
              + "'; teams are listed in carbonq.yaml under teams:"
              + (budgets().config().teams().isEmpty()
                  ? " (there are none yet)"
                  : " (" + String.join(", ", budgets().config().teams().keySet()) + ")"));
    }
    return scope;
  }

  private static String label(JsonNode body, String field, String fallback, List<String> labels) {
    JsonNode node = body.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual() || !labels.contains(node.asText())) {
      throw Problem.badRequest(
          field + " must be one of " + String.join(", ", labels) + ", got " + node.toString());
    }
    return node.asText();
  }

  private CarbonBudgets budgets() {
    return service
        .budgets()
        .orElseThrow(
            () -> Problem.conflict("budgets need footprints, which this service does not keep"));
  }

  static Map<String, Object> json(BudgetStatus status) {
    BudgetConfig config = status.budget().config();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scope", config.scope().toString());
    json.put("owners", status.owners());
    json.put("kgCo2e", config.kgCo2e());
    json.put("period", config.period().label());
    json.put("overBudget", config.overBudget().label());
    json.put("setBy", status.budget().setBy());
    json.put("from", status.from().toString());
    json.put("to", status.to().map(Object::toString).orElse(null));
    json.put("realisedKgCo2e", status.realisedKg());
    json.put("committedKgCo2e", status.committedKg());
    json.put("plannedKgCo2e", status.plannedKg());
    json.put("usedKgCo2e", status.usedKg());
    json.put("leftKgCo2e", status.leftKg());
    json.put("renewsAt", status.renewsAt().map(Object::toString).orElse(null));
    return json;
  }

  /** What a submission answers about the budgets it counts against. */
  static List<Map<String, Object>> quotes(List<QueueService.BudgetQuote> quotes) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (QueueService.BudgetQuote quote : quotes) {
      Map<String, Object> row = json(quote.before());
      row.put("jobExpectedKgCo2e", quote.jobKg());
      row.put("shortfall", quote.shortfall().map(Shortfall::explain).orElse(null));
      rows.add(row);
    }
    return rows;
  }
}
