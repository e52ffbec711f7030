package io.carbonq.scheduler.cli;

import io.carbonq.config.ConfigException;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.scheduler.client.ClientException;
import io.carbonq.scheduler.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Builds and runs the command line. Exit codes: 0 success, 1 a failure while working (e.g. no
 * forecast data), 2 bad input (a flag, a value or the configuration file), with a message that
 * names the flag or field and what is allowed.
 */
public final class Cli {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int BAD_INPUT = 2;

  private static final int MIN_HELP_WIDTH = 55;
  private static final int MAX_HELP_WIDTH = 120;

  private final CliContext context;

  public Cli(CliContext context) {
    this.context = context;
  }

  public int run(String... args) {
    CommandLine commandLine = commandLine();
    try {
      return commandLine.execute(args);
    } finally {
      context.out().flush();
      context.err().flush();
    }
  }

  /** The root command with every subcommand and setting, ready to parse or execute. */
  CommandLine commandLine() {
    CommandLine commandLine =
        new CommandLine(new CarbonqCommand())
            .addSubcommand(new DemoCommand(context))
            .addSubcommand(new EstimateCommand(context))
            .addSubcommand(new SimulateCommand(context))
            .addSubcommand(new BacktestCommand(context))
            .addSubcommand(
                new CommandLine(new ForecastCommand(context))
                    .addSubcommand(new ForecastAccuracyCommand(context)))
            .addSubcommand(new ServeCommand(context))
            .addSubcommand(new VersionCommand(context))
            .addSubcommand(new CommandLine.HelpCommand());
    QueueCommands.all(context).forEach(commandLine::addSubcommand);
    commandLine
        .addSubcommand(new CompletionCommand(context))
        .addSubcommand(new CompleteIdsCommand(context));
    // Settings reach only the subcommands added before them: every command is added by now.
    commandLine
        .setOut(context.out())
        .setErr(context.err())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setColorScheme(
            CommandLine.Help.defaultColorScheme(
                context.terminal().colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF))
        .setUsageHelpWidth(helpWidth(context.terminal()))
        .setParameterExceptionHandler(this::badInput)
        .setExecutionExceptionHandler((exception, cmd, parsed) -> failure(exception, cmd));
    return commandLine;
  }

  /** Help fills the terminal, within picocli's bounds; 80 columns in a file or a pipe. */
  private static int helpWidth(Terminal terminal) {
    return terminal.columns() == Terminal.UNLIMITED
        ? Terminal.DEFAULT_COLUMNS
        : Math.max(MIN_HELP_WIDTH, Math.min(MAX_HELP_WIDTH, terminal.columns()));
  }

  private int badInput(ParameterException exception, String[] args) {
    CommandLine command = exception.getCommandLine();
    if (command.getCommandSpec().userObject() instanceof CompleteIdsCommand) {
      // Completion runs it under the user's cursor: a usage error there is noise, not help.
      return OK;
    }
    // picocli starts some messages, such as those of argument groups, with its own "Error: ".
    context.err().println("error: " + exception.getMessage().replaceFirst("^Error: ", ""));
    CommandLine.UnmatchedArgumentException.printSuggestions(exception, context.err());
    context.err().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
    return BAD_INPUT;
  }

  private int failure(Exception exception, CommandLine command) {
    if (exception instanceof ParameterException parameter) {
      return badInput(parameter, new String[0]);
    }
    if (exception instanceof ConfigException) {
      context.err().println("error: invalid configuration " + exception.getMessage());
      return BAD_INPUT;
    }
    if (exception instanceof ClientException client) {
      context.err().println("error: " + client.getMessage());
      return client.exitCode();
    }
    // Both say what failed in words meant for the user.
    if (exception instanceof ForecastException || exception instanceof StoreException) {
      context.err().println("error: " + exception.getMessage());
      return FAILURE;
    }
    context.err().println("error: " + exception);
    return FAILURE;
  }
}
