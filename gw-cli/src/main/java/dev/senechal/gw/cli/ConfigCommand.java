package dev.senechal.gw.cli;

import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.RefusedPlugin;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.engine.config.ConfigProblem;
import dev.senechal.gw.engine.config.GatewayConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code senechal-gw config check}: validate without starting anything. */
@Command(
    name = "config",
    description = "Work with the configuration file.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand extends GroupCommand {

  @Command(
      name = "check",
      description =
          "Validate the config and the plugins it names; print every problem at once.%n"
              + "Exits 0 when valid, 1 when not.")
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      LogSetup.configure("text", "error");
      GatewayConfig loaded;
      try {
        loaded = config.load();
        PluginCatalog catalog = Gateway.check(loaded);
        spec.commandLine()
            .getOut()
            .printf(
                "%s: valid (%d plugins loaded, %d refused, %d routes)%n",
                loaded.file(), catalog.loaded().size(), catalog.refused().size(),
                loaded.routes().size());
        for (RefusedPlugin refused : catalog.refused()) {
          spec.commandLine()
              .getOut()
              .printf("  refused plugin %s: %s%n", refused.name(), refused.reason());
        }
        return Main.OK;
      } catch (ConfigException e) {
        printProblems(spec, e);
        return Main.FAILURE;
      }
    }
  }

  static void printProblems(CommandSpec spec, ConfigException e) {
    var err = spec.commandLine().getErr();
    err.printf("%d configuration problem%s:%n", e.problems().size(),
        e.problems().size() == 1 ? "" : "s");
    for (ConfigProblem problem : e.problems()) {
      err.println("  " + problem);
    }
  }
}
