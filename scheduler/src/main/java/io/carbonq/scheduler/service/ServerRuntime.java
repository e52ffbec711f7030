package io.carbonq.scheduler.service;

import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.chain.ForecastRefresher;
import io.carbonq.scheduler.api.ApiServer;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import org.quartz.SchedulerException;

/**
 * One running service: the queue in its database, the planning and dispatch cycle, the executor and
 * the REST API, started together and stopped together.
 */
public final class ServerRuntime implements AutoCloseable {
  /**
   * How the service runs; {@code leadership} says when this instance runs the cycle (always, unless
   * replicas elect a leader).
   */
  public record Options(
      String host,
      int port,
      double speedup,
      Duration planEvery,
      Duration dispatchEvery,
      Leadership leadership) {
    public Options(
        String host, int port, double speedup, Duration planEvery, Duration dispatchEvery) {
      this(host, port, speedup, planEvery, dispatchEvery, Leadership.SOLE);
    }
  }

  private final Database database;
  private final TokenStore tokens;
  private final QueueService service;
  private final QuartzCycle cycle;
  private final ApiServer api;
  private final int port;
  private final int recovered;

  public ServerRuntime(
      Database database, Fleet fleet, ForecastSource forecasts, Clock clock, Options options)
      throws SchedulerException {
    this(
        database,
        fleet,
        forecasts,
        Optional.empty(),
        new SimulatedExecutor(options.speedup(), fleet.config().policy().resumeOverhead()),
        clock,
        options);
  }

  /**
   * @param refresher keeps the network sources' forecasts fresh, when any are configured
   * @param executor where dispatched jobs run
   */
  public ServerRuntime(
      Database database,
      Fleet fleet,
      ForecastSource forecasts,
      Optional<ForecastRefresher> refresher,
      JobExecutor executor,
      Clock clock,
      Options options)
      throws SchedulerException {
    this(
        database,
        fleet,
        forecasts,
        refresher,
        executor,
        io.carbonq.scheduler.energy.EnergyMeter.NONE,
        clock,
        options);
  }

  /**
   * @param meter reads finished jobs' energy; where it has none, the rated-power estimate is used
   */
  public ServerRuntime(
      Database database,
      Fleet fleet,
      ForecastSource forecasts,
      Optional<ForecastRefresher> refresher,
      JobExecutor executor,
      io.carbonq.scheduler.energy.EnergyMeter meter,
      Clock clock,
      Options options)
      throws SchedulerException {
    this.database = database;
    this.tokens = new TokenStore(database.dataSource());
    this.service =
        new QueueService(
            new JdbcQueueStore(database),
            fleet,
            forecasts,
            executor,
            clock,
            Optional.of(
                new QueueService.Footprints(
                    new io.carbonq.scheduler.store.FootprintStore(database.dataSource()),
                    meter,
                    Optional.of(
                        new io.carbonq.scheduler.store.BudgetStore(database.dataSource())))));
    this.recovered = service.recover();
    this.cycle =
        new QuartzCycle(database, service, refresher, options.planEvery(), options.dispatchEvery());
    this.api = new ApiServer(service, tokens, cycle::planSoon);
    try {
      this.port = api.start(options.host(), options.port());
    } catch (RuntimeException e) {
      // Nothing was served: stop what started and close the database cleanly, so that the next
      // start does not take this for a crash and rebuild it.
      try {
        cycle.close();
      } finally {
        database.close();
      }
      throw new CannotListenException(options.host(), options.port(), e);
    }
    options.leadership().watch(cycle::lead);
  }

  /**
   * Makes the first admin token when the database has none, and returns it; empty when tokens exist
   * already.
   */
  public Optional<String> bootstrapAdminToken(Clock clock) {
    return bootstrapAdminToken(clock, Optional.empty());
  }

  /**
   * With {@code given} (from a Secret or a file), makes sure that token is an admin token;
   * otherwise as {@link #bootstrapAdminToken(Clock)}. Returns a token only when one was made here.
   */
  public Optional<String> bootstrapAdminToken(Clock clock, Optional<String> given) {
    if (given.isPresent()) {
      tokens.register(given.get(), "admin", EnumSet.of(TokenStore.Scope.ADMIN), clock.instant());
      return Optional.empty();
    }
    if (!tokens.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(tokens.create("admin", EnumSet.of(TokenStore.Scope.ADMIN), clock.instant()));
  }

  public TokenStore tokens() {
    return tokens;
  }

  public int port() {
    return port;
  }

  /** Dispatched jobs started again on the executor at start-up. */
  public int recovered() {
    return recovered;
  }

  public QueueService service() {
    return service;
  }

  @Override
  public void close() throws SchedulerException {
    try {
      api.close();
      cycle.close();
    } finally {
      database.close();
    }
  }
}
