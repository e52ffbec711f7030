package io.carbonq.scheduler.demo;

import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ZoneForecasts;
import io.carbonq.scheduler.planning.Interruptions;
import io.carbonq.scheduler.planning.Plan;
import io.carbonq.scheduler.planning.Planner;
import io.carbonq.scheduler.planning.PlanningInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** carbonq's main job on its embedded default: enqueue, plan, replay, compare. */
public final class Demo {
  /** A Monday morning in 2023, inside the bundled traces, so no data is replayed from elsewhere. */
  public static final Instant DEFAULT_NOW = Instant.parse("2023-03-13T08:00:00Z");

  private final Fleet fleet;
  private final ForecastSource source;

  public Demo(Fleet fleet, ForecastSource source) {
    this.fleet = fleet;
    this.source = source;
  }

  public DemoReport run(Instant now) {
    // 1. Enqueue the lab's jobs.
    List<Workload> queue = DemoWorkloads.queue(now);
    // 2. Fetch the forecasts the planner needs, as of now.
    var policy = fleet.config().policy();
    ZoneForecasts forecasts = ZoneForecasts.fetch(source, fleet.poolZones(), now, policy.horizon());
    // 3. Plan, in pieces for the interruptible jobs as the service would.
    Plan plan =
        Planner.plan(
            new PlanningInput(
                now,
                queue,
                fleet.pools(),
                List.of(),
                forecasts.byZone(),
                fleet.power(),
                policy.step(),
                policy.horizon(),
                0,
                policy.pauseInterruptible()
                    ? Interruptions.split(policy.resumeOverhead(), Map.of(), Map.of())
                    : Interruptions.NONE,
                // The bundled traces forecast perfectly: nothing moves between issues.
                Map.of()));
    // 4. Replay virtual time to completion with the measured intensity.
    List<RunOutcome> outcomes = new Replay(fleet, source).run(now, plan.placed());
    return new DemoReport(now, plan, outcomes, forecasts.missing());
  }
}
