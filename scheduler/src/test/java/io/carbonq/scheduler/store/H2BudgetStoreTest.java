package io.carbonq.scheduler.store;

class H2BudgetStoreTest extends BudgetStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabases.h2();
  }
}
