package io.carbonq.scheduler;

import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.aWorkload;

import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Seeded random queues for property tests and benchmarks: the same seed gives the same queue. */
public final class RandomWorkloads {
  private final Random random;
  private final List<String> regions;
  private final int maxDurationHalfHours;
  private final int arrivalHalfHours;
  private final int sweeps;

  /**
   * @param regions the regions a workload may name (one to three of them, the first its home)
   * @param maxDuration the longest run
   * @param arrivalSpread earliest starts fall in [T0, T0 + arrivalSpread)
   * @param sweeps how many sweeps a quarter of the workloads are trials of (sweep k runs at most 1
   *     + k mod 8 trials at once); 0 for none
   */
  public RandomWorkloads(
      long seed, List<String> regions, Duration maxDuration, Duration arrivalSpread, int sweeps) {
    this.random = new Random(seed);
    this.regions = List.copyOf(regions);
    this.maxDurationHalfHours = (int) (maxDuration.toMinutes() / 30);
    this.arrivalHalfHours = (int) (arrivalSpread.toMinutes() / 30);
    this.sweeps = sweeps;
  }

  public Random random() {
    return random;
  }

  public List<Workload> next(int count) {
    List<Workload> workloads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      workloads.add(next(String.format("w%05d", i)));
    }
    return workloads;
  }

  /** 1-8 GPUs, 30 minutes to the longest run, slack of 0-3 times the run, priority 0-2. */
  public Workload next(String id) {
    Duration duration = Duration.ofMinutes(30L * (1 + random.nextInt(maxDurationHalfHours)));
    Instant earliest = T0.plusSeconds(1800L * random.nextInt(arrivalHalfHours));
    double slack = random.nextDouble() * 3;
    List<String> allowed = new ArrayList<>();
    int regionCount = 1 + random.nextInt(Math.min(3, regions.size()));
    while (allowed.size() < regionCount) {
      String region = regions.get(random.nextInt(regions.size()));
      if (!allowed.contains(region)) {
        allowed.add(region);
      }
    }
    Workload.Builder builder =
        aWorkload(id)
            .gpus(1 + random.nextInt(8))
            .duration(duration)
            .earliestStart(earliest)
            .deadline(earliest.plus(duration).plusSeconds((long) (duration.toSeconds() * slack)))
            .priority(random.nextInt(3))
            .gpuModels(random.nextBoolean() ? Set.of("A100") : Set.of())
            .regions(allowed)
            .home(allowed.get(0));
    if (sweeps > 0 && random.nextInt(4) == 0) {
      int sweep = random.nextInt(sweeps);
      builder.sweep(new SweepRef("sweep" + sweep, 1 + sweep % 8));
    }
    return builder.build();
  }
}
