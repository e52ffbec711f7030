package io.carbonq.scheduler.bench;

import static io.carbonq.scheduler.TestData.T0;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.scheduler.RandomWorkloads;
import io.carbonq.scheduler.TestData;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.planning.Interruptions;
import io.carbonq.scheduler.planning.Plan;
import io.carbonq.scheduler.planning.Planner;
import io.carbonq.scheduler.planning.PlanningInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Planner speed at the size of a large lab: 10,000 queued workloads over 20 pools in 10 grid zones
 * (real 2023 traces), a 7-day horizon at 30-minute steps, pools sized for about 60% load.
 *
 * <p>Run: {@code ./mvnw -Pbench -pl scheduler -am verify -DskipTests}; adding one workload is
 * measured with 10,000 and 80,000 queued ({@code -Dbench.args="... -p queued=10000,20000"} for
 * other sizes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class PlannerBenchmark {
  static final List<String> ZONES =
      List.of(
          "DE",
          "GB",
          "US-CAL-CISO",
          "US-TEX-ERCO",
          "CA-ON",
          "US-MIDA-PJM",
          "US-NY-NYIS",
          "SG",
          "JP-TK",
          "AU-NSW");

  @Param({"10000"})
  int workloads;

  PlanningInput input;
  PlanningInput splitting;

  @Setup
  public void setUp() {
    input = input(workloads, 42);
    // Every other workload may pause, and splitting is allowed.
    List<Workload> half = new ArrayList<>();
    for (int i = 0; i < input.workloads().size(); i++) {
      Workload workload = input.workloads().get(i);
      half.add(i % 2 == 0 ? TestData.interruptible(workload) : workload);
    }
    splitting =
        new PlanningInput(
            input.now(),
            half,
            input.pools(),
            List.of(),
            input.forecastsByZone(),
            input.power(),
            input.step(),
            input.horizon(),
            0,
            Interruptions.split(Duration.ofMinutes(5), Map.of(), Map.of()),
            Map.of());
  }

  /**
   * The plan of all but the last of {@code queued} workloads of the benchmark's queue, and that
   * last one to add: how adding grows with the queue (the pools grow with it, see {@link #input}).
   */
  @State(Scope.Benchmark)
  public static class AddOne {
    @Param({"10000", "80000"})
    int queued;

    PlanningInput input;
    Plan planOfAllButOne;
    Workload lastOne;

    @Setup
    public void setUp() {
      input = input(queued, 42);
      List<Workload> allButOne = new ArrayList<>(input.workloads().subList(0, queued - 1));
      lastOne = input.workloads().get(queued - 1);
      planOfAllButOne =
          Planner.plan(
              new PlanningInput(
                  input.now(),
                  allButOne,
                  input.pools(),
                  List.of(),
                  input.forecastsByZone(),
                  input.power(),
                  input.step(),
                  input.horizon()));
    }
  }

  /**
   * The benchmark's input: seeded queue, 2 pools (A100 and V100) per zone of 160 GPUs for each
   * 10,000 workloads queued, so that a longer queue loads them as much as 10,000 do.
   */
  public static PlanningInput input(int count, long seed) {
    int gpusPerPool = (int) Math.max(8, 160L * count / 10_000);
    TraceForecastSource traces = new TraceForecastSource(TraceLibrary.bundled());
    List<NodePool> pools = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    TestData.InputBuilder builder =
        TestData.anInput().horizon(Duration.ofDays(7)).step(Duration.ofMinutes(30));
    for (String zone : ZONES) {
      Region region = new Region("region-" + zone.toLowerCase(java.util.Locale.ROOT), zone, 1.1);
      regions.add(region.name());
      pools.add(TestData.pool(region.name() + "-a100", region, "A100", gpusPerPool));
      pools.add(TestData.pool(region.name() + "-v100", region, "V100", gpusPerPool));
      IntensitySeries forecast = traces.forecast(zone, T0, Duration.ofDays(8));
      builder.forecast(forecast);
    }
    List<Workload> queue =
        new RandomWorkloads(seed, regions, Duration.ofHours(12), Duration.ofDays(6), count / 80)
            .next(count);
    return builder.pools(pools).workloads(queue).build();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Plan fullPlan() {
    return Planner.plan(input);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Plan fullPlanSplittingHalf() {
    return Planner.plan(splitting);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Plan addOneWorkload(AddOne state) {
    return Planner.add(state.planOfAllButOne, state.lastOne, state.input.horizon());
  }
}
