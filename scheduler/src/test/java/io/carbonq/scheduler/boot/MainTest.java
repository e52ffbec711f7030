package io.carbonq.scheduler.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.cli.Terminal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void theLaunchersWordOnTheTerminalIsTaken() {
    assertThat(Main.terminal(Map.of("CARBONQ_TERMINAL", "tty 132"), 1))
        .isEqualTo(new Terminal(132, true, true));
    assertThat(Main.terminal(Map.of("CARBONQ_TERMINAL", "tty ", "NO_COLOR", "1"), 1))
        .isEqualTo(new Terminal(Terminal.DEFAULT_COLUMNS, false, true));
    assertThat(Main.terminal(Map.of("CARBONQ_TERMINAL", "pipe"), 1)).isEqualTo(Terminal.PIPE);
    assertThat(Main.terminal(Map.of("CARBONQ_TERMINAL", "pipe", "COLUMNS", "100"), 1))
        .isEqualTo(new Terminal(100, false, false));
    // Standard error is told apart: progress is redrawn there even when output is piped.
    assertThat(
            Main.terminal(
                Map.of("CARBONQ_TERMINAL", "pipe", "CARBONQ_STDERR_TERMINAL", "tty 90"), 2))
        .isEqualTo(new Terminal(90, true, true));
  }
}
