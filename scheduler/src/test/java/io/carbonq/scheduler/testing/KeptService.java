package io.carbonq.scheduler.testing;

import io.carbonq.scheduler.energy.EnergyMeter;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.SimulatedExecutor;
import io.carbonq.scheduler.store.BudgetStore;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JdbcQueueStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The queue service as {@code serve} keeps it, on {@code database}: the simulated cluster, the
 * bundled traces, footprints of finished jobs and the budgets admins set.
 */
public final class KeptService {
  private KeptService() {}

  public static QueueService of(Database database, Fleet fleet, Clock clock) {
    return new QueueService(
        new JdbcQueueStore(database.dataSource()),
        fleet,
        new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain(),
        new SimulatedExecutor(1),
        clock,
        Optional.of(
            new QueueService.Footprints(
                new FootprintStore(database.dataSource()),
                EnergyMeter.NONE,
                Optional.of(new BudgetStore(database.dataSource())))));
  }
}
