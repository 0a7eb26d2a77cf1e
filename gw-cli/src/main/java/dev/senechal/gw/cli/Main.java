package dev.senechal.gw.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code senechal-gw} launcher: the one {@code main} and the one {@code System.exit} of the
 * project. Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(
    name = "senechal-gw",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A personal integration gateway: one durable queue, many small plugins.",
    subcommands = {
      StartCommand.class,
      RunCommand.class,
      StatusCommand.class,
      ReloadCommand.class,
      ResetCommand.class,
      QueueCommand.class,
      LogsCommand.class,
      JobCommand.class,
      PluginsCommand.class,
      PluginCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs a command line with the given streams and returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    // "@file" is ours (--payload @file and friends), not picocli's argument-file expansion.
    cli.setExpandAtFiles(false);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          commandLine.getErr().println("senechal-gw: " + exception.getMessage());
          return FAILURE;
        });
    if (args.length == 0) {
      cli.usage(err);
      return USAGE;
    }
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"senechal-gw " + (version == null ? "development" : version)};
    }
  }
}
