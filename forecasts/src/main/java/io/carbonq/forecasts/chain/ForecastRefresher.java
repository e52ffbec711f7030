package io.carbonq.forecasts.chain;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Keeps the cache fresh for the zones in use, each network source on its own cadence (WattTime
 * every 5 minutes, the UK API every 30, Electricity Maps hourly). It only decides what is due and
 * fetches it; a scheduler (the service's Quartz trigger) calls {@link #refreshDue()} at {@link
 * #shortestInterval()}.
 */
public final class ForecastRefresher {
  /** One source and zone to keep fresh. */
  public record Task(ForecastSource source, String zone) {
    public Duration interval() {
      return source.refreshInterval();
    }
  }

  /** What one refresh did: fetched, or why not. */
  public record Outcome(String sourceId, String zone, Instant at, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private final List<Task> tasks;
  private final ForecastCache cache;
  private final Duration horizon;
  private final Clock clock;

  /**
   * @param sources the cached network sources; others are skipped, as there is nothing to fetch
   * @param zones the zones pools run in
   */
  public ForecastRefresher(
      List<ForecastSource> sources,
      Set<String> zones,
      ForecastCache cache,
      Duration horizon,
      Clock clock) {
    List<Task> all = new ArrayList<>();
    for (ForecastSource source : sources) {
      if (!(source instanceof CachedSource)) {
        continue;
      }
      Set<String> served;
      try {
        served = source.zones();
      } catch (ForecastException unreachable) {
        served = zones;
      }
      for (String zone : zones) {
        if (served.contains(zone)) {
          all.add(new Task(source, zone));
        }
      }
    }
    this.tasks = List.copyOf(all);
    this.cache = cache;
    this.horizon = horizon;
    this.clock = clock;
  }

  public List<Task> tasks() {
    return tasks;
  }

  /** How often the scheduler should call {@link #refreshDue()}; an hour with nothing to do. */
  public Duration shortestInterval() {
    return tasks.stream()
        .map(Task::interval)
        .min(Comparator.naturalOrder())
        .orElse(Duration.ofHours(1));
  }

  /** When {@code task} is next due: its last fetch plus its interval, or now if never fetched. */
  public Instant nextDue(Task task) {
    Instant now = clock.instant();
    return cache
        .latest(task.source().id(), task.zone())
        .map(entry -> entry.fetchedAt().plus(task.interval()))
        .filter(due -> due.isAfter(now))
        .orElse(now);
  }

  /** Fetches every task that is due; a failure is reported and tried again next time. */
  public List<Outcome> refreshDue() {
    Instant now = clock.instant();
    List<Outcome> outcomes = new ArrayList<>();
    for (Task task : tasks) {
      if (nextDue(task).isAfter(now)) {
        continue;
      }
      try {
        task.source().forecast(task.zone(), now, horizon);
        outcomes.add(new Outcome(task.source().id(), task.zone(), now, null));
      } catch (ForecastException e) {
        outcomes.add(new Outcome(task.source().id(), task.zone(), now, e.getMessage()));
      }
    }
    return outcomes;
  }
}
