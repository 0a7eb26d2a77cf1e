package dev.senechal.gw.cli;

import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.engine.config.GatewayConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code senechal-gw reload}: validates the config file here first (so a typo is reported on the
 * operator's terminal, not only in the daemon's log), then sends the daemon running on its store
 * SIGHUP. The daemon re-reads the file it was started with and logs the outcome.
 */
@Command(
    name = "reload",
    description =
        "Validate the config, then make the running daemon reload it (SIGHUP).%n"
            + "Exits 0 when the daemon was signalled, 1 when the config is invalid or no daemon"
            + " runs on its store.")
final class ReloadCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    LogSetup.configure("text", "error");
    GatewayConfig loaded;
    try {
      loaded = config.load();
      Gateway.check(loaded);
    } catch (ConfigException e) {
      ConfigCommand.printProblems(spec, e);
      spec.commandLine().getErr().println("senechal-gw: not reloading; the daemon was not signalled");
      return Main.FAILURE;
    }
    OptionalLong pid = Gateway.runningPid(loaded);
    if (pid.isEmpty()) {
      spec.commandLine()
          .getErr()
          .printf(
              "senechal-gw: no daemon is running on store %s; nothing to reload"
                  + " (start one with senechal-gw start)%n",
              loaded.state().path());
      return Main.FAILURE;
    }
    // Java cannot send SIGHUP to another process; the system kill can.
    Process kill =
        new ProcessBuilder("kill", "-HUP", Long.toString(pid.getAsLong()))
            .redirectErrorStream(true)
            .start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      spec.commandLine()
          .getErr()
          .printf("senechal-gw: could not signal the daemon (pid %d): %s%n", pid.getAsLong(),
              output.isEmpty() ? "kill failed" : output);
      return Main.FAILURE;
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%s: valid; sent SIGHUP to the daemon (pid %d). It re-reads the file it was started"
                + " with and logs 'reload applied' or 'reload rejected'.%n",
            loaded.file(), pid.getAsLong());
    return Main.OK;
  }
}
