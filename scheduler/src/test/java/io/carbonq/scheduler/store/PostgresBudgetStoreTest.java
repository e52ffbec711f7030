package io.carbonq.scheduler.store;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The same contract on a real PostgreSQL; `.ci/run` starts one and sets CARBON_PG_URL. */
@EnabledIfEnvironmentVariable(named = "CARBON_PG_URL", matches = "jdbc:postgresql:.*")
class PostgresBudgetStoreTest extends BudgetStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabases.postgres();
  }
}
