package dev.senechal.gw.cli;

import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.engine.config.GatewayConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that reads the config, then works on the store: the config's problems are printed
 * and exit 1; a {@link CommandFailure} prints its message and exits 1; a {@link UsageFailure} (an
 * option value that parsed but makes no sense) exits 2.
 */
abstract class StoreCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON (the documented shape, docs/cli.md).")
  boolean json;

  /** The time relative times are shown against; the CLI's one clock. */
  final Clock clock = Clock.systemUTC();

  @Override
  public final Integer call() throws Exception {
    LogSetup.configure("text", "error");
    GatewayConfig loaded;
    try {
      loaded = config.load();
    } catch (ConfigException e) {
      ConfigCommand.printProblems(spec, e);
      return Main.FAILURE;
    }
    try {
      return run(loaded, spec.commandLine().getOut());
    } catch (ConfigException e) {
      // Gateway.check found problems with the plugins the config names.
      ConfigCommand.printProblems(spec, e);
      return Main.FAILURE;
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("senechal-gw: " + e.getMessage());
      return Main.FAILURE;
    } catch (UsageFailure e) {
      spec.commandLine().getErr().println("senechal-gw " + spec.qualifiedName(" ")
          .replaceFirst("^senechal-gw ", "") + ": " + e.getMessage());
      return Main.USAGE;
    }
  }

  abstract int run(GatewayConfig config, PrintWriter out) throws Exception;

  /** A bad option value found after parsing: exit 2, like any usage error. */
  static final class UsageFailure extends RuntimeException {
    UsageFailure(String message) {
      super(message);
    }
  }

  /** A failure the user can act on; its message is printed as it is. */
  static final class CommandFailure extends RuntimeException {
    CommandFailure(String message) {
      super(message);
    }
  }
}
