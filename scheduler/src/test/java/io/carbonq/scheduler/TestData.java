package io.carbonq.scheduler;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.planning.Interruptions;
import io.carbonq.scheduler.planning.PlanningInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders for planner inputs, with defaults that keep each test about one thing. */
public final class TestData {
  public static final Instant T0 = Instant.parse("2023-03-01T00:00:00Z");
  public static final GpuPowerModel POWER =
      new GpuPowerModel(Map.of("A100", 400.0, "H100", 700.0, "V100", 300.0), 1.0);
  public static final Region R1 = new Region("r1", "Z1", 1.0);
  public static final Region R2 = new Region("r2", "Z2", 1.0);

  private TestData() {}

  public static Instant hours(double hours) {
    return T0.plusSeconds(Math.round(hours * 3600));
  }

  /** One A100 for one hour in r1, from T0, due within a day. */
  public static Workload.Builder aWorkload(String id) {
    return Workload.builder(id)
        .gpus(1)
        .duration(Duration.ofHours(1))
        .earliestStart(T0)
        .deadline(T0.plus(Duration.ofDays(1)))
        .regions(List.of("r1"));
  }

  public static NodePool pool(String name, Region region, String model, int gpus) {
    return new NodePool(name, region, model, gpus);
  }

  /** Hourly values for {@code zone} from {@code start}. */
  public static IntensitySeries hourly(String zone, Instant start, double... gramsPerKwh) {
    return new IntensitySeries(
        zone,
        start,
        Duration.ofHours(1),
        gramsPerKwh,
        SignalKind.AVERAGE,
        DataKind.FORECAST,
        "test");
  }

  /** Two days of hourly values, all {@code gramsPerKwh}. */
  public static double[] flatFor48Hours(double gramsPerKwh) {
    double[] values = new double[48];
    Arrays.fill(values, gramsPerKwh);
    return values;
  }

  /** The same workload, allowed to pause. */
  public static Workload interruptible(Workload w) {
    return Workload.builder(w.id()).like(w).interruptible(true).build();
  }

  public static InputBuilder anInput() {
    return new InputBuilder();
  }

  /**
   * Builds a {@link PlanningInput}: now T0, 30-minute steps, a 2-day horizon, one 8-GPU A100 pool
   * in r1.
   */
  public static final class InputBuilder {
    private Instant now = T0;
    private final List<Workload> workloads = new ArrayList<>();
    private List<NodePool> pools = List.of(pool("p1", R1, "A100", 8));
    private final List<Reservation> committed = new ArrayList<>();
    private final Map<String, IntensitySeries> forecasts = new HashMap<>();
    private Duration step = Duration.ofMinutes(30);
    private Duration horizon = Duration.ofDays(2);
    private Interruptions interruptions = Interruptions.NONE;
    private final Map<String, Double> revisions = new HashMap<>();

    public InputBuilder now(Instant now) {
      this.now = now;
      return this;
    }

    public InputBuilder workloads(Workload... workloads) {
      this.workloads.addAll(List.of(workloads));
      return this;
    }

    public InputBuilder workloads(List<Workload> workloads) {
      this.workloads.addAll(workloads);
      return this;
    }

    public InputBuilder pools(NodePool... pools) {
      this.pools = List.of(pools);
      return this;
    }

    public InputBuilder pools(List<NodePool> pools) {
      this.pools = pools;
      return this;
    }

    public InputBuilder committed(Reservation reservation) {
      committed.add(reservation);
      return this;
    }

    public InputBuilder forecast(IntensitySeries series) {
      forecasts.put(series.zone(), series);
      return this;
    }

    public InputBuilder step(Duration step) {
      this.step = step;
      return this;
    }

    public InputBuilder horizon(Duration horizon) {
      this.horizon = horizon;
      return this;
    }

    public InputBuilder interruptions(Interruptions interruptions) {
      this.interruptions = interruptions;
      return this;
    }

    public InputBuilder forecastRevision(String zone, double gramsPerKwh) {
      revisions.put(zone, gramsPerKwh);
      return this;
    }

    public PlanningInput build() {
      return new PlanningInput(
          now,
          workloads,
          pools,
          committed,
          forecasts,
          POWER,
          step,
          horizon,
          0,
          interruptions,
          revisions);
    }
  }
}
