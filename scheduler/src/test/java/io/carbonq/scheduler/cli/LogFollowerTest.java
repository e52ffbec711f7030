package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.client.ApiClient.Text;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code logs -f} prints each line the server's answers hold once. */
class LogFollowerTest {
  static Text answer(String run, String body) {
    return new Text(body, Optional.of(run));
  }

  @Test
  void whatFollowsTheTextPrintedIsNewEvenWithinALine() {
    LogFollower follower = new LogFollower(false);

    assertThat(follower.news(answer("p1", "epoch 1\nepo"))).isEqualTo("epoch 1\nepo");
    assertThat(follower.news(answer("p1", "epoch 1\nepo"))).isEmpty();
    assertThat(follower.news(answer("p1", "epoch 1\nepoch 2\n"))).isEqualTo("ch 2\n");
  }

  @Test
  void aNewRunIsPrintedWholeUnderItsName() {
    LogFollower follower = new LogFollower(false);
    follower.news(answer("p1", "epoch 1\nSIGTERM: checkpoint"));

    assertThat(follower.news(answer("p2", "restored\n"))).isEqualTo("\n==> p2 <==\nrestored\n");
  }

  @Test
  void withEveryRunANewRunOnlyAddsToTheText() {
    LogFollower follower = new LogFollower(true);
    follower.news(answer("p1", "==> p1 <==\nepoch 1\n"));

    assertThat(follower.news(answer("p2", "==> p1 <==\nepoch 1\n\n==> p2 <==\nrestored\n")))
        .isEqualTo("\n==> p2 <==\nrestored\n");
  }

  @Test
  void whenTheWindowMovesOnWhatFollowsTheLinesStillInItIsNew() {
    LogFollower follower = new LogFollower(false);
    follower.news(answer("p1", "a\nb\nc\n"));

    assertThat(follower.news(answer("p1", "b\nc\nd\n"))).isEqualTo("d\n");
    assertThat(follower.news(answer("p1", "x\ny\n"))).isEqualTo("x\ny\n");
  }
}
