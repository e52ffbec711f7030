package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.DurationText;
import io.carbonq.config.SmallTextFile;
import io.carbonq.k8s.Clusters;
import io.carbonq.k8s.energy.PrometheusEnergy;
import io.carbonq.scheduler.energy.EnergyMeter;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.kube.KubernetesExecutor;
import io.carbonq.scheduler.kube.PrometheusMeter;
import io.carbonq.scheduler.service.CannotListenException;
import io.carbonq.scheduler.service.JobExecutor;
import io.carbonq.scheduler.service.Leadership;
import io.carbonq.scheduler.service.ServerRuntime;
import io.carbonq.scheduler.service.SimulatedExecutor;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.DirectoryInUseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbonq serve}: the long-running queue service. */
@Command(
    name = "serve",
    description = {
      "Run the carbonq service: the persistent queue, the planning cycle, dispatch and the REST API.",
      "On first start it makes an admin token, says where it stored it and, where no CLI config"
          + " exists, writes one, so `carbonq submit` works from another terminal."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
  /** H2's error code for "Database may be already in use": another process holds the file. */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all)")
  String host;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "where the embedded database and the admin token live (default: $XDG_DATA_HOME/carbonq or ~/.local/share/carbonq)")
  Path dataDir;

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description =
          "a PostgreSQL JDBC URL instead of the embedded database; user and password from CARBONQ_DATABASE_USER and CARBONQ_DATABASE_PASSWORD (default: $CARBONQ_DATABASE_URL)")
  String databaseUrl;

  @Option(
      names = "--speedup",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "the simulated cluster runs jobs N times faster than their estimate (default: ${DEFAULT-VALUE})")
  double speedup;

  @Option(
      names = "--plan-every",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "5m",
      description =
          "how often the queue is planned again (default: ${DEFAULT-VALUE}); also right after each submission")
  Duration planEvery;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "an admin token made elsewhere, e.g. a mounted Secret (default: $CARBONQ_ADMIN_TOKEN; else one is made on first start)")
  Path adminTokenFile;

  @Mixin ConfigOption config;

  private final CliContext context;
  private Clusters clusters;

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw usage("--port must be between 0 and 65535, got " + port);
    }
    if (!(speedup >= 1 && speedup <= 1_000_000)) {
      throw usage("--speedup must be between 1 and 1000000, got " + speedup);
    }
    if (planEvery.compareTo(Duration.ofSeconds(10)) < 0
        || planEvery.compareTo(Duration.ofDays(1)) > 0) {
      throw usage("--plan-every must be between 10s and 1d, got " + DurationText.format(planEvery));
    }
    CarbonqConfig configuration = config.load();
    Path data = dataDir != null ? dataDir : ClientFiles.dataDirectory(context.environment());
    try {
      PrivateDirectory.secure(data).forEach(change -> context.err().println("warning: " + change));
    } catch (PrivateDirectory.ForeignDirectoryException e) {
      throw usage(e.getMessage());
    }
    String url =
        databaseUrl != null ? databaseUrl : context.environment().get("CARBONQ_DATABASE_URL");
    boolean embedded = url == null || url.isBlank();
    Database database;
    try {
      database =
          embedded
              ? Database.embedded(data)
              : Database.connect(
                  url,
                  context.environment().getOrDefault("CARBONQ_DATABASE_USER", ""),
                  context.environment().getOrDefault("CARBONQ_DATABASE_PASSWORD", ""));
    } catch (RuntimeException e) {
      if (embedded && lockedByAnotherProcess(e)) {
        context.err().println("error: " + ServePidFile.inUse(data));
        return Cli.FAILURE;
      }
      throw e;
    }
    // The database files H2 has just made get the same protection, without a warning.
    PrivateDirectory.secure(data);
    Fleet fleet = new Fleet(configuration);
    var sources = context.forecastSources(configuration);
    ServerRuntime runtime;
    try {
      runtime =
          new ServerRuntime(
              database,
              fleet,
              sources.chain(),
              Optional.of(sources.refresher(fleet.poolZones(), configuration.policy().horizon())),
              executor(configuration, fleet),
              meter(configuration),
              context.clock(),
              new ServerRuntime.Options(
                  host,
                  port,
                  speedup,
                  planEvery,
                  Duration.ofSeconds(5),
                  leadership(configuration)));
    } catch (CannotListenException e) {
      throw usage(e.getMessage());
    }
    String server =
        "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + runtime.port();
    context.out().printf("carbonq serving on %s (queue: %s)%n", server, database.url());
    if (database.rebuiltAfterUncleanStop()) {
      context
          .out()
          .println(
              "the database was not closed when carbonq last stopped: rebuilt it from its rows");
    }
    if (database.restoredSubmissions() > 0) {
      context
          .out()
          .printf(
              "put back %s the database had lost in a crash, from its submission journal%n",
              Numbers.count(database.restoredSubmissions(), "acknowledged job"));
    }
    long pid = ProcessHandle.current().pid();
    ServePidFile pidFile = new ServePidFile(data);
    if (embedded) {
      pidFile.write(pid, server);
    }
    Optional<String> admin = runtime.bootstrapAdminToken(context.clock(), givenAdminToken());
    if (admin.isPresent()) {
      Path tokenFile = data.resolve("admin-token");
      ClientFiles.writePrivate(tokenFile, admin.get() + "\n");
      context
          .out()
          .printf("first start: admin token written to %s (readable by you only)%n", tokenFile);
    }
    keepCliConfig(data, server, admin);
    dashboardLink(data, server, admin);
    if (runtime.recovered() > 0) {
      context
          .out()
          .printf(
              "started again %s after the restart%n",
              Numbers.count(runtime.recovered(), "dispatched job"));
    }
    context.out().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    runtime.close();
                  } catch (Exception e) {
                    context.err().println("error while stopping: " + e.getMessage());
                  } finally {
                    pidFile.remove(pid);
                    stopped.countDown();
                  }
                }));
    stopped.await();
    return 0;
  }

  /**
   * On first start ({@code madeNow} holds the admin token just made) writes the CLI config where
   * none exists; on a later start points it here if it holds this data directory's admin token, as
   * after a restart on another port.
   */
  private void keepCliConfig(Path data, String server, Optional<String> madeNow)
      throws IOException {
    ServedCliConfig cliConfig =
        new ServedCliConfig(ClientFiles.clientConfig(context.environment()));
    if (madeNow.isPresent()) {
      if (cliConfig.create(server, madeNow.get())) {
        context
            .out()
            .printf(
                "wrote %s: `carbonq submit`, `list` and the rest now reach this server%n",
                cliConfig.file());
      }
      return;
    }
    Path tokenFile = data.resolve("admin-token");
    if (Files.isRegularFile(tokenFile)
        && cliConfig.pointAt(server, Files.readString(tokenFile).strip())) {
      context
          .out()
          .printf(
              "updated %s: the queue commands now reach this server at %s%n",
              cliConfig.file(), server);
    }
  }

  /**
   * Prints the dashboard's address with the admin token this data directory holds, as Jupyter does:
   * opening it logs in, and the page then drops the token from the address bar. A token given from
   * elsewhere (a mounted Secret) is never printed.
   */
  private void dashboardLink(Path data, String server, Optional<String> madeNow)
      throws IOException {
    Path tokenFile = data.resolve("admin-token");
    Optional<String> token =
        madeNow.isPresent()
            ? madeNow
            : adminTokenFile == null
                    && !context.environment().containsKey("CARBONQ_ADMIN_TOKEN")
                    && Files.isRegularFile(tokenFile)
                ? Optional.of(Files.readString(tokenFile).strip())
                : Optional.empty();
    if (token.isPresent() && !token.get().isEmpty()) {
      context.out().printf("dashboard: %s/?token=%s%n", server, token.get());
    } else {
      context.out().printf("dashboard: %s/ (log in with a token)%n", server);
    }
  }

  /** Whether opening the embedded database failed because another process has it open. */
  private static boolean lockedByAnotherProcess(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DirectoryInUseException
          || cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
        return true;
      }
    }
    return false;
  }

  /**
   * The simulated local cluster, or Kubernetes when the configuration says so; with {@code
   * executor.kueue}, carbonq also answers Kueue's admission check for the Workloads that name it.
   */
  private JobExecutor executor(CarbonqConfig configuration, Fleet fleet) {
    if (!configuration.executor().type().equals("kubernetes")) {
      return new SimulatedExecutor(speedup, configuration.policy().resumeOverhead());
    }
    Clusters clusters = clusters();
    JobExecutor jobs =
        new KubernetesExecutor(
            configuration.executor(),
            pool -> {
              var target = configuration.executor().target(pool);
              return new KubernetesExecutor.Target(clusters.jobs(target.context()), target);
            });
    return configuration
        .executor()
        .kueue()
        .<JobExecutor>map(
            kueue ->
                new io.carbonq.scheduler.kube.KueueAdmission(
                    jobs, clusters.kueue(kueue.context(), context.clock()), kueue, fleet))
        .orElse(jobs);
  }

  private Clusters clusters() {
    if (clusters == null) {
      clusters = new Clusters();
      Runtime.getRuntime().addShutdownHook(new Thread(clusters::close));
    }
    return clusters;
  }

  /**
   * Always leading, unless the configuration asks replicas to elect a leader on a Lease: then this
   * instance joins as its pod ({@code POD_NAME}, else the host name), in the configured namespace
   * or its pod's ({@code POD_NAMESPACE}).
   */
  private Leadership leadership(CarbonqConfig configuration) {
    var election = configuration.executor().leaderElection();
    if (election.isEmpty()) {
      return Leadership.SOLE;
    }
    var env = context.environment();
    String namespace =
        election
            .get()
            .namespace()
            .or(() -> Optional.ofNullable(env.get("POD_NAMESPACE")).filter(ns -> !ns.isBlank()))
            .orElseThrow(
                () ->
                    usage(
                        "executor.leaderElection.namespace is not set and POD_NAMESPACE is empty:"
                            + " set one of them to the namespace the Lease lives in"));
    String identity =
        Optional.ofNullable(env.get("POD_NAME"))
            .or(() -> Optional.ofNullable(env.get("HOSTNAME")))
            .filter(name -> !name.isBlank())
            .orElse("carbonq-" + ProcessHandle.current().pid());
    String lease = election.get().lease();
    context.out().printf("leader election on Lease %s/%s as %s%n", namespace, lease, identity);
    return onChange -> {
      var membership =
          clusters().leadership(election.get().context(), namespace, lease, identity, onChange);
      Runtime.getRuntime().addShutdownHook(new Thread(membership::close));
    };
  }

  /** Measured energy from Prometheus when configured; otherwise the rated-power estimate. */
  private static EnergyMeter meter(CarbonqConfig configuration) {
    return configuration
        .executor()
        .prometheus()
        .<EnergyMeter>map(
            url ->
                new PrometheusMeter(
                    new PrometheusEnergy(url, Duration.ofSeconds(30)),
                    configuration.executor().namespace()))
        .orElse(io.carbonq.scheduler.energy.EnergyMeter.NONE);
  }

  private Optional<String> givenAdminToken() throws IOException {
    if (adminTokenFile != null) {
      try {
        return Optional.of(SmallTextFile.read(adminTokenFile, 4096).strip());
      } catch (IOException e) {
        throw usage("--admin-token-file " + adminTokenFile + ": " + e.getMessage());
      }
    }
    return Optional.ofNullable(context.environment().get("CARBONQ_ADMIN_TOKEN"))
        .filter(token -> !token.isBlank());
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
