package io.carbonq.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code teams:} and {@code budgets:} of carbonq.yaml. */
final class BudgetsSection {
  private BudgetsSection() {}

  /** {@code teams: {vision: [alice, bob]}}: each team a non-empty list of owners. */
  static Map<String, List<String>> readTeams(JsonNode root, Fields fields) {
    Map<String, List<String>> teams = new LinkedHashMap<>();
    JsonNode node = root.get("teams");
    if (node == null || node.isNull() || !fields.isMapping(node, "teams")) {
      return teams;
    }
    node.fields()
        .forEachRemaining(
            entry -> {
              String path = "teams." + entry.getKey();
              if (!BudgetScope.isName(entry.getKey())) {
                fields.error(
                    path, "is not a team name: use letters, digits and . _ @ -, at most 100");
                return;
              }
              List<String> owners = new ArrayList<>();
              List<JsonNode> items = fields.list(node, entry.getKey(), path);
              for (int i = 0; i < items.size(); i++) {
                String owner = items.get(i).isValueNode() ? items.get(i).asText() : "";
                if (!BudgetScope.isName(owner)) {
                  fields.error(
                      path + "[" + i + "]",
                      "must be an owner's name (as their tokens name them), got '" + owner + "'");
                } else if (!owners.contains(owner)) {
                  owners.add(owner);
                }
              }
              if (items.isEmpty()) {
                fields.error(path, "must list at least one owner, e.g. [alice, bob]");
              }
              teams.put(entry.getKey(), owners);
            });
    return teams;
  }

  /**
   * {@code budgets:}, a list of {@code {owner: NAME | team: NAME, kgCo2e: N, period: month|30d,
   * overBudget: defer|queue|refuse}}; one budget per owner or team.
   */
  static List<BudgetConfig> readBudgets(
      JsonNode root, Fields fields, Map<String, List<String>> teams) {
    List<BudgetConfig> budgets = new ArrayList<>();
    Set<BudgetScope> seen = new HashSet<>();
    List<JsonNode> items = fields.list(root, "budgets", "budgets");
    for (int i = 0; i < items.size(); i++) {
      String path = "budgets[" + i + "]";
      JsonNode item = items.get(i);
      if (!fields.isMapping(item, path)) {
        continue;
      }
      fields.onlyKeys(item, path, List.of("owner", "team", "kgCo2e", "period", "overBudget"));
      Optional<BudgetScope> scope = scope(item, path, fields, teams);
      var kg = fields.number(item, "kgCo2e", path, 0, BudgetConfig.MAX_KG, true);
      BudgetPeriod period =
          label(item, "period", path, fields, BudgetPeriod.labels())
              .flatMap(BudgetPeriod::parse)
              .orElse(BudgetConfig.DEFAULT_PERIOD);
      OverBudget action =
          label(item, "overBudget", path, fields, OverBudget.labels())
              .flatMap(OverBudget::parse)
              .orElse(BudgetConfig.DEFAULT_OVER_BUDGET);
      if (scope.isPresent() && !seen.add(scope.get())) {
        fields.error(path, scope.get() + " has a budget already; keep one of them");
      } else if (scope.isPresent() && kg.isPresent()) {
        budgets.add(new BudgetConfig(scope.get(), kg.getAsDouble(), period, action));
      }
    }
    return budgets;
  }

  private static Optional<BudgetScope> scope(
      JsonNode item, String path, Fields fields, Map<String, List<String>> teams) {
    boolean hasOwner = item.hasNonNull("owner");
    boolean hasTeam = item.hasNonNull("team");
    if (hasOwner == hasTeam) {
      fields.error(path, "needs exactly one of owner: or team:, the budget's holder");
      return Optional.empty();
    }
    String key = hasOwner ? "owner" : "team";
    Optional<String> name = fields.text(item, key, path, true);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (!BudgetScope.isName(name.get())) {
      fields.error(
          path + "." + key, "must use letters, digits and . _ @ -, got '" + name.get() + "'");
      return Optional.empty();
    }
    if (hasTeam && !teams.containsKey(name.get())) {
      fields.error(
          path + ".team",
          "unknown team '"
              + name.get()
              + "'; list its owners under teams: first"
              + (teams.isEmpty()
                  ? ""
                  : "; " + Suggestions.knownOrClosest(name.get(), teams.keySet())));
      return Optional.empty();
    }
    return Optional.of(hasOwner ? BudgetScope.owner(name.get()) : BudgetScope.team(name.get()));
  }

  private static Optional<String> label(
      JsonNode item, String key, String path, Fields fields, List<String> labels) {
    Optional<String> text = fields.text(item, key, path, false);
    if (text.isPresent() && !labels.contains(text.get())) {
      fields.error(
          path + "." + key,
          "must be one of " + String.join(", ", labels) + ", got '" + text.get() + "'");
      return Optional.empty();
    }
    return text;
  }

  static CarbonqConfig with(
      CarbonqConfig config, Map<String, List<String>> teams, List<BudgetConfig> budgets) {
    return new CarbonqConfig(
        config.regions(),
        config.gpus(),
        config.pools(),
        config.sources(),
        config.fallback(),
        config.forecastCache(),
        config.executor(),
        config.policy(),
        config.home(),
        teams,
        budgets);
  }
}
