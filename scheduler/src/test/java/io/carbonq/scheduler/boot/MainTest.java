package io.carbonq.scheduler.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.cli.Terminal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void theLaunchersWordOnTheTerminalIsTaken() {
    assertThat(Main.terminal(Map.of("CARBONQ_TERMINAL", "tty 132")))
        .isEqualTo(new Terminal(132, true));
    assertThat(Main.terminal(Map.of("CARBONQ_TERMINAL", "tty ", "NO_COLOR", "1")))
        .isEqualTo(new Terminal(Terminal.DEFAULT_COLUMNS, false));
    assertThat(Main.terminal(Map.of("CARBONQ_TERMINAL", "pipe"))).isEqualTo(Terminal.PIPE);
    assertThat(Main.terminal(Map.of("CARBONQ_TERMINAL", "pipe", "COLUMNS", "100")))
        .isEqualTo(new Terminal(100, false));
  }
}
