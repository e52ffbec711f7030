package io.carbonq.scheduler.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.web.WebSessions.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebSessionsTest {
  static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

  final WebSessions sessions = new WebSessions();

  @Test
  void anOpenedSessionIsFoundByItsIdUntilItIsClosed() {
    Session opened = sessions.open("cq_ada", NOW);

    Session found = sessions.find(opened.id(), NOW.plusSeconds(30)).orElseThrow();

    assertThat(found.id()).isEqualTo(opened.id());
    assertThat(found.token()).isEqualTo("cq_ada");
    assertThat(found.csrf()).isEqualTo(opened.csrf());
    assertThat(found.lastUsed()).isEqualTo(NOW.plusSeconds(30));
    sessions.close(opened.id());
    assertThat(sessions.find(opened.id(), NOW.plusSeconds(31))).isEmpty();
    assertThat(sessions.size()).isZero();
  }

  @Test
  void unknownAndMissingIdsFindNothingAndClosingThemDoesNothing() {
    Session opened = sessions.open("cq_ada", NOW);

    assertThat(sessions.find(null, NOW)).isEmpty();
    assertThat(sessions.find("", NOW)).isEmpty();
    assertThat(sessions.find(opened.csrf(), NOW)).isEmpty();
    sessions.close(null);
    sessions.close("nobody");
    assertThat(sessions.find(opened.id(), NOW)).isPresent();
  }

  @Test
  void aSessionUnusedForTwelveHoursIsForgottenAndUseKeepsItAlive() {
    Session idle = sessions.open("cq_ada", NOW);
    Session used = sessions.open("cq_grace", NOW);
    Instant beforeIdle = NOW.plus(WebSessions.IDLE).minusMillis(1);

    assertThat(WebSessions.IDLE).isEqualTo(Duration.ofHours(12));
    assertThat(sessions.find(used.id(), beforeIdle)).isPresent();
    assertThat(sessions.find(idle.id(), NOW.plus(Duration.ofHours(12)))).isEmpty();
    // Forgotten, not just hidden: it does not come back for an earlier clock either.
    assertThat(sessions.find(idle.id(), NOW)).isEmpty();
    // The use just before the idle limit counts from then on.
    assertThat(sessions.find(used.id(), beforeIdle.plus(Duration.ofHours(12)).minusMillis(1)))
        .isPresent();
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void beyondTheCapTheLeastRecentlyUsedSessionIsDropped() {
    List<Session> opened = new ArrayList<>();
    for (int i = 0; i < WebSessions.MAX_SESSIONS; i++) {
      opened.add(sessions.open("cq_" + i, NOW.plusMillis(i)));
    }
    Instant later = NOW.plus(Duration.ofMinutes(10));
    // The oldest login is used again, so the second oldest is now the least recently used.
    assertThat(sessions.find(opened.get(0).id(), later)).isPresent();

    Session newest = sessions.open("cq_new", later.plusSeconds(1));

    assertThat(sessions.size()).isEqualTo(WebSessions.MAX_SESSIONS);
    assertThat(sessions.find(opened.get(1).id(), later.plusSeconds(2))).isEmpty();
    assertThat(sessions.find(opened.get(0).id(), later.plusSeconds(2))).isPresent();
    assertThat(sessions.find(opened.get(2).id(), later.plusSeconds(2))).isPresent();
    assertThat(sessions.find(newest.id(), later.plusSeconds(2))).isPresent();
  }

  @Test
  void loggingInAgainAndAgainWithOneTokenDropsOnlyThatTokensOldestSessions() {
    Session someoneElse = sessions.open("cq_admin", NOW);
    List<Session> flood = new ArrayList<>();
    for (int i = 0; i < WebSessions.MAX_PER_TOKEN + 5; i++) {
      flood.add(sessions.open("cq_reader", NOW.plusMillis(i + 1)));
    }
    Instant later = NOW.plusSeconds(1);

    assertThat(sessions.size()).isEqualTo(WebSessions.MAX_PER_TOKEN + 1);
    assertThat(sessions.find(someoneElse.id(), later)).isPresent();
    for (int i = 0; i < 5; i++) {
      assertThat(sessions.find(flood.get(i).id(), later)).isEmpty();
    }
    assertThat(sessions.find(flood.get(5).id(), later)).isPresent();
    assertThat(sessions.find(flood.get(flood.size() - 1).id(), later)).isPresent();
  }

  @Test
  void idsAndCsrfValuesAreRandomDistinctAndUnrelatedToTheToken() {
    Set<String> values = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Session session = sessions.open("cq_same-token", NOW);
      assertThat(session.id()).matches("[A-Za-z0-9_-]{43}").doesNotContain("cq_same-token");
      assertThat(session.csrf()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(session.id());
      values.add(session.id());
      values.add(session.csrf());
    }

    assertThat(values).hasSize(2000);
    // One token keeps only its latest sessions.
    assertThat(sessions.size()).isEqualTo(WebSessions.MAX_PER_TOKEN);
  }
}
