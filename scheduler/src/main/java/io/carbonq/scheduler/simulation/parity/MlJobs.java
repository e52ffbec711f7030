package io.carbonq.scheduler.simulation.parity;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The job set of the paper's ML experiment, drawn anew from the same distribution: 3,387 jobs on
 * workdays of 2020, submitted at a half hour from 09:00 to 16:30 UTC, running 4 h to 89.5 h in
 * 30-minute steps, each uniform.
 */
final class MlJobs {
  static final int COUNT = 3387;

  private MlJobs() {}

  static List<MlJob> draw(long seed) {
    Random random = new Random(seed);
    List<LocalDate> workdays = new ArrayList<>();
    for (LocalDate day = LocalDate.of(2020, 1, 1); day.getYear() == 2020; day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue()) {
        workdays.add(day);
      }
    }
    List<MlJob> jobs = new ArrayList<>(COUNT);
    for (int id = 0; id < COUNT; id++) {
      LocalDate day = workdays.get(random.nextInt(workdays.size()));
      Instant submitted =
          day.atTime(9, 0)
              .toInstant(ZoneOffset.UTC)
              .plus(Duration.ofMinutes(30L * random.nextInt(16)));
      Duration duration = Duration.ofMinutes(240 + 30L * random.nextInt(171));
      jobs.add(new MlJob(id, submitted, duration));
    }
    return jobs;
  }

  /**
   * The paper's "next workday" deadline for a job that would finish at {@code finish}: a finish on
   * a workday between 09:00 and 17:00 stays where it is; one after 17:00 or on a Sunday moves to
   * 09:00 the next day, one on a Saturday to 09:00 on Monday, one before 09:00 to 09:00 that day.
   */
  static Instant nextWorkdayDeadline(Instant finish) {
    LocalDateTime time = LocalDateTime.ofInstant(finish, ZoneOffset.UTC);
    double hour = time.getHour() + time.getMinute() / 60.0;
    LocalDateTime nine = time.toLocalDate().atTime(9, 0);
    DayOfWeek day = time.getDayOfWeek();
    LocalDateTime deadline;
    if (day == DayOfWeek.SATURDAY) {
      deadline = nine.plusDays(2);
    } else if (day == DayOfWeek.SUNDAY || hour > 17) {
      deadline = nine.plusDays(1);
    } else if (hour < 9) {
      deadline = nine;
    } else {
      deadline = time;
    }
    return deadline.toInstant(ZoneOffset.UTC);
  }
}
