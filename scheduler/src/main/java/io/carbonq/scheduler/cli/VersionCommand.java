package io.carbonq.scheduler.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code carbonq version}: the version of this build, and the Java it runs on. */
@Command(
    name = "version",
    description = "Print the version of carbonq and of the Java runtime.",
    mixinStandardHelpOptions = true)
final class VersionCommand implements Callable<Integer> {
  @Mixin OutputOption output;

  private final CliContext context;

  VersionCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    output.refuseName("one version");
    String java = Runtime.version().toString();
    if (output.document()) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("version", VersionProvider.version());
      document.put("java", java);
      output.print(context.out(), document);
    } else {
      context.out().printf("carbonq %s (Java %s)%n", VersionProvider.version(), java);
    }
    return 0;
  }
}
