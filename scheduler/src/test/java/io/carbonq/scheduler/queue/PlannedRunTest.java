package io.carbonq.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.scheduler.planning.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannedRunTest {
  static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

  static Instant at(int hours, int minutes) {
    return T0.plus(Duration.ofHours(hours).plusMinutes(minutes));
  }

  static PlannedRun run(String pool, Segment... pieces) {
    return new PlannedRun(
        pool,
        "gcp:europe-west3",
        pieces[0].start(),
        pieces[pieces.length - 1].end(),
        1.0,
        2.0,
        "why",
        "trace",
        List.of(pieces));
  }

  @Test
  void oneWindowIsOnePiece() {
    PlannedRun whole = new PlannedRun("p", "r", at(1, 0), at(3, 0), 1, 2, "why", "trace");

    assertThat(whole.pieces()).containsExactly(new Segment(at(1, 0), at(3, 0)));
    assertThat(whole.split()).isFalse();
    assertThatThrownBy(
            () ->
                new PlannedRun(
                    "p",
                    "r",
                    at(1, 0),
                    at(3, 0),
                    1,
                    2,
                    "why",
                    "trace",
                    List.of(new Segment(at(1, 0), at(2, 0)))))
        .hasMessage("pieces must run from start to end");
  }

  @Test
  void piecesFromNowCutTheRunningOneAndDropThePast() {
    PlannedRun split =
        run(
            "p",
            new Segment(at(0, 0), at(2, 0)),
            new Segment(at(3, 0), at(4, 0)),
            new Segment(at(6, 0), at(7, 0)));

    assertThat(split.piecesFrom(at(3, 30)))
        .containsExactly(new Segment(at(3, 30), at(4, 0)), new Segment(at(6, 0), at(7, 0)));
    assertThat(split.pieceAt(at(2, 30))).isEmpty();
    assertThat(split.nextPieceAfter(at(2, 30))).contains(new Segment(at(3, 0), at(4, 0)));
    assertThat(split.nextPieceAfter(at(6, 0))).isEmpty();
  }

  @Test
  void twoPlansSayTheSameWhenTheyRunAlikeFromNowOn() {
    Duration minute = Duration.ofMinutes(1);
    PlannedRun before = run("p", new Segment(at(0, 0), at(2, 0)), new Segment(at(6, 0), at(8, 0)));
    // Made an hour later for the remaining work: it starts now, and ends 40 s later.
    PlannedRun after =
        run("p", new Segment(at(1, 0), at(2, 0)), new Segment(at(6, 0), at(8, 0).plusSeconds(40)));

    assertThat(before.saysTheSameFrom(at(1, 0), after, minute)).isTrue();
    assertThat(
            before.saysTheSameFrom(
                at(1, 0), run("q", after.pieces().toArray(Segment[]::new)), minute))
        .isFalse();
    assertThat(before.saysTheSameFrom(at(1, 0), run("p", new Segment(at(1, 0), at(2, 0))), minute))
        .isFalse();
    assertThat(
            before.saysTheSameFrom(
                at(1, 0),
                run("p", new Segment(at(1, 0), at(2, 0)), new Segment(at(6, 2), at(8, 2))),
                minute))
        .isFalse();
  }
}
