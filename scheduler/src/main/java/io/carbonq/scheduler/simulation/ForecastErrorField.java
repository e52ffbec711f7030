package io.carbonq.scheduler.simulation;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The unit-variance Gaussian field z(issue hour, target hour) of {@link VintageErrorModel} for one
 * zone and seed: {@code z = √w·kept(target) + √(1−w)·revised(issue, target)}. The kept part is
 * drawn once per target hour; the revised part moves from one issue to the next as {@code ρ·old +
 * √(1−ρ²)·fresh}, for targets up to {@link #WINDOW_HOURS} ahead. Targets further ahead are not yet
 * revised (the vintages reach 48 hours, so nothing says how, or whether, forecasts that far ahead
 * are revised): their revised part is a value drawn once per target hour, from which the revisions
 * start when the target comes within the window. Every draw across target hours follows the period
 * correlation.
 *
 * <p>The revised part at an issue depends on every issue before it, so it is evolved from a fixed
 * origin, and a checkpoint is kept every day: the value at an issue hour is the same whatever was
 * asked before, and going back costs at most a day of steps. Thread-safe.
 */
final class ForecastErrorField {
  /** How far ahead issues revise their errors, hours. */
  static final int WINDOW_HOURS = 48;

  private static final int CHECKPOINT_HOURS = 24;
  private static final long KEPT_STREAM = -1;
  private static final long NOT_YET_REVISED_STREAM = -2;

  private final VintageErrorModel model;
  private final long zoneKey;
  private final long originHour;
  private final double[] kept;
  private final double[] notYetRevised;
  private final TreeMap<Long, double[]> checkpoints = new TreeMap<>();
  private long currentHour;
  private double[] current;

  /** A field for target hours from {@code originHour} (hours since the epoch) for {@code hours}. */
  ForecastErrorField(VintageErrorModel model, long seed, String zone, long originHour, int hours) {
    this.model = model;
    this.zoneKey = seed * 31 + zone.hashCode();
    this.originHour = originHour;
    this.kept = new double[hours + WINDOW_HOURS];
    this.notYetRevised = new double[hours + WINDOW_HOURS];
    model.periodCorrelation().fill(kept, random(KEPT_STREAM));
    model.periodCorrelation().fill(notYetRevised, random(NOT_YET_REVISED_STREAM));
    double[] origin = new double[WINDOW_HOURS];
    System.arraycopy(notYetRevised, 0, origin, 0, WINDOW_HOURS);
    checkpoints.put(originHour, origin);
    currentHour = originHour;
    current = origin;
  }

  /**
   * z for {@code count} target hours from {@code firstTargetHour}, as issued in {@code issueHour}
   * (both hours since the epoch); issue hours before the origin count as the origin.
   */
  synchronized double[] values(long issueHour, long firstTargetHour, int count) {
    if (count == 0) {
      return new double[0];
    }
    long issue = Math.max(originHour, issueHour);
    double[] revised = revisedAt(issue);
    double keptWeight = Math.sqrt(model.persistentShare());
    double revisedWeight = Math.sqrt(1 - model.persistentShare());
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      long target = firstTargetHour + i;
      long lead = Math.max(0, target - issue);
      double revisedValue =
          lead < WINDOW_HOURS ? revised[(int) lead] : notYetRevised[index(target)];
      values[i] = keptWeight * kept[index(target)] + revisedWeight * revisedValue;
    }
    return values;
  }

  private int index(long targetHour) {
    long index = targetHour - originHour;
    if (index < 0 || index >= kept.length) {
      throw new IllegalArgumentException(
          "target hour " + targetHour + " is outside the field from hour " + originHour);
    }
    return (int) index;
  }

  /** The revised part for the window of {@code issueHour}, from the nearest state before it. */
  private double[] revisedAt(long issueHour) {
    Map.Entry<Long, double[]> checkpoint = checkpoints.floorEntry(issueHour);
    long hour = checkpoint.getKey();
    double[] state = checkpoint.getValue();
    if (currentHour <= issueHour && currentHour > hour) {
      hour = currentHour;
      state = current;
    }
    while (hour < issueHour) {
      hour++;
      state = next(hour, state);
      if ((hour - originHour) % CHECKPOINT_HOURS == 0) {
        checkpoints.putIfAbsent(hour, state);
      }
    }
    currentHour = hour;
    current = state;
    return state;
  }

  /** The window at {@code issueHour} from the window of the issue an hour before. */
  private double[] next(long issueHour, double[] previous) {
    double rho = model.revisedIssueCorrelation();
    double freshWeight = Math.sqrt(1 - rho * rho);
    double[] fresh = new double[WINDOW_HOURS];
    model.periodCorrelation().fill(fresh, random(issueHour));
    double[] window = new double[WINDOW_HOURS];
    for (int lead = 0; lead < WINDOW_HOURS; lead++) {
      double old =
          lead + 1 < WINDOW_HOURS ? previous[lead + 1] : notYetRevised[index(issueHour + lead)];
      window[lead] = rho * old + freshWeight * fresh[lead];
    }
    return window;
  }

  private SplittableRandom random(long stream) {
    return new SplittableRandom(zoneKey * 1_000_003 + stream);
  }
}
