package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.StepContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Puts the work a baseline wants run now onto the GPUs the way carbonq does, so that baselines
 * differ from it, and from each other, only in what they choose, not in how it is dispatched. At
 * each step: (1) the waiting workloads whose chosen start has come and the paused ones that want to
 * run, with every paused one that must run now to meet its deadline, are ordered least slack first;
 * (2) in that order each starts, or resumes where it ran, if its GPUs are free; (3) one that must
 * run now to meet its deadline (less than a step of slack, but not yet late) and finds its region
 * full first pauses running interruptible work there that can still afford a pause, the most slack
 * first, when pausing enough of it makes room. Work already late waits its turn without pausing
 * anything: a pause could no longer save its deadline, only cost another's.
 */
final class LeastSlackDispatcher {
  /** A workload to start, or to resume, now, and the region for it. */
  record Due(JobRun run, int region) {}

  private LeastSlackDispatcher() {}

  /**
   * Least slack first, then arrival, then id: the order in which every baseline but B0 starts work.
   */
  static Comparator<JobRun> leastSlackFirst(StepContext context) {
    return Comparator.comparing((JobRun run) -> Windows.slack(context, run))
        .thenComparing(run -> run.workload().earliestStart())
        .thenComparing(run -> run.workload().id());
  }

  /**
   * Starts the {@code due} workloads and resumes the paused ones {@code resumeWanted} accepts (and
   * those that must run now regardless), least slack first, making room for work that must run.
   */
  static void dispatch(StepContext context, List<Due> due, Predicate<JobRun> resumeWanted) {
    List<Due> candidates = new ArrayList<>(due);
    for (JobRun run : context.active()) {
      if (!run.running() && (Windows.mustRun(context, run) || resumeWanted.test(run))) {
        candidates.add(new Due(run, run.region()));
      }
    }
    Comparator<JobRun> order = leastSlackFirst(context);
    candidates.sort((a, b) -> order.compare(a.run(), b.run()));
    for (Due candidate : candidates) {
      if (context.freeGpus(candidate.region()) < candidate.run().workload().gpus()
          && Windows.mustRun(context, candidate.run())
          && !Windows.slack(context, candidate.run()).isNegative()) {
        makeRoom(context, candidate);
      }
      if (candidate.run().started()) {
        context.resume(candidate.run());
      } else {
        context.start(candidate.run(), candidate.region());
      }
    }
  }

  /**
   * Pauses running interruptible work in the candidate's region that would still meet its deadline
   * after a pause (so it has more slack than the candidate, which has none), the most slack first,
   * until the candidate fits; pauses nothing when all of it together would not make room.
   */
  private static void makeRoom(StepContext context, Due candidate) {
    int missing = candidate.run().workload().gpus() - context.freeGpus(candidate.region());
    List<JobRun> victims = new ArrayList<>();
    for (JobRun run :
        context.active().stream()
            .filter(run -> run.running() && run.workload().interruptible())
            .filter(run -> run.region() == candidate.region() && !Windows.mustRun(context, run))
            .sorted(leastSlackFirst(context).reversed())
            .toList()) {
      if (missing <= 0) {
        break;
      }
      victims.add(run);
      missing -= run.workload().gpus();
    }
    if (missing <= 0) {
      victims.forEach(context::pause);
    }
  }
}
