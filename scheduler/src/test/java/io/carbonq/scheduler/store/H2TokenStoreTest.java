package io.carbonq.scheduler.store;

import java.util.UUID;

class H2TokenStoreTest extends TokenStoreContract {
  @Override
  String freshUrl() {
    return "jdbc:h2:mem:tokens-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  @Override
  String user() {
    return "sa";
  }

  @Override
  String password() {
    return "";
  }
}
