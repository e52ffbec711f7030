package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.testing.DrivenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C, as only a real process receives it, ends a watch cleanly. */
class WatchProcessTest {
  @TempDir Path home;

  @Test
  void ctrlCEndsAWatchWithZeroAndNoStackTrace() throws Exception {
    try (DrivenServer server = new DrivenServer()) {
      server.submit("train-a", true);
      Path out = home.resolve("out.txt");
      Path err = home.resolve("err.txt");
      ProcessBuilder builder =
          new ProcessBuilder(
                  // A shell that starts a build in the background (`mvn verify &`) leaves SIGINT
                  // ignored in it and every child; a JVM that inherits that never hears Ctrl-C.
                  "env",
                  "--default-signal=INT",
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.carbonq.scheduler.boot.Main",
                  "list",
                  "-w",
                  "--interval",
                  "1s")
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(server.cliEnvironment(home));
      Process watch = builder.start();
      try {
        // The first table is printed once the watch listens for Ctrl-C.
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(out).contains("train-a") && System.nanoTime() < until) {
          assertThat(watch.isAlive()).as("the watch runs: %s", Files.readString(err)).isTrue();
          Thread.sleep(50);
        }
        assertThat(Files.readString(out)).contains("train-a");

        new ProcessBuilder(List.of("kill", "-INT", Long.toString(watch.pid()))).start().waitFor();

        if (!watch.waitFor(60, TimeUnit.SECONDS)) {
          // Still running: its threads, as the JVM prints them on SIGQUIT, say where it hangs.
          new ProcessBuilder(List.of("kill", "-QUIT", Long.toString(watch.pid())))
              .start()
              .waitFor();
          Thread.sleep(2_000);
          String dump = Files.readString(out);
          throw new AssertionError(
              "the watch did not end within 60 s of Ctrl-C; its threads:\n"
                  + dump.substring(Math.max(0, dump.length() - 20_000)));
        }
        assertThat(watch.exitValue()).isZero();
        assertThat(Files.readString(err)).isEmpty();
      } finally {
        watch.destroyForcibly();
      }
    }
  }
}
