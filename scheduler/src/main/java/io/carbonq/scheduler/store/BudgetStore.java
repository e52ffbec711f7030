package io.carbonq.scheduler.store;

import io.carbonq.config.BudgetConfig;
import io.carbonq.config.BudgetPeriod;
import io.carbonq.config.BudgetScope;
import io.carbonq.config.OverBudget;
import io.carbonq.scheduler.budget.Budget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The carbon budgets admins set through the API, one per owner or team. */
public final class BudgetStore {
  private final DataSource dataSource;

  public BudgetStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Sets {@code budget}, replacing the one its scope had; {@code by} is the admin. */
  public Budget put(BudgetConfig budget, String by, Instant at) {
    try {
      return replace(budget, by, at);
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        // Another admin set the same scope at the same moment: the later write wins.
        return replace(budget, by, at);
      }
      throw e;
    }
  }

  private Budget replace(BudgetConfig budget, String by, Instant at) {
    String scope = budget.scope().toString();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM budgets WHERE scope = ?");
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO budgets (scope, kg_co2e, period, over_budget, set_by, set_at_ms)"
                      + " VALUES (?,?,?,?,?,?)")) {
        delete.setString(1, scope);
        delete.executeUpdate();
        insert.setString(1, scope);
        insert.setDouble(2, budget.kgCo2e());
        insert.setString(3, budget.period().label());
        insert.setString(4, budget.overBudget().label());
        insert.setString(5, by);
        insert.setLong(6, at.toEpochMilli());
        insert.executeUpdate();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot store the budget of " + scope + ": " + e.getMessage(), e);
    }
    return new Budget(budget, setBy(by, at));
  }

  /** Removes the budget set for {@code scope}; false when none was. */
  public boolean delete(BudgetScope scope) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM budgets WHERE scope = ?")) {
      delete.setString(1, scope.toString());
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreException("cannot remove the budget of " + scope + ": " + e.getMessage(), e);
    }
  }

  /** Every budget set through the API, by scope; a row it cannot read is skipped. */
  public List<Budget> all() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT scope, kg_co2e, period, over_budget, set_by, set_at_ms FROM budgets"
                    + " ORDER BY scope");
        ResultSet rows = select.executeQuery()) {
      List<Budget> budgets = new ArrayList<>();
      while (rows.next()) {
        var scope = BudgetScope.parse(rows.getString("scope"));
        var period = BudgetPeriod.parse(rows.getString("period"));
        var action = OverBudget.parse(rows.getString("over_budget"));
        double kg = rows.getDouble("kg_co2e");
        if (scope.isPresent() && period.isPresent() && action.isPresent() && kg >= 0) {
          budgets.add(
              new Budget(
                  new BudgetConfig(scope.get(), kg, period.get(), action.get()),
                  setBy(
                      rows.getString("set_by"), Instant.ofEpochMilli(rows.getLong("set_at_ms")))));
        }
      }
      return budgets;
    } catch (SQLException e) {
      throw new StoreException("cannot read budgets: " + e.getMessage(), e);
    }
  }

  private static String setBy(String admin, Instant at) {
    return "api: " + admin + " at " + at;
  }
}
