package dev.senechal.gw.cli;

import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.InstanceLockedException;
import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.webhook.HttpStartException;
import dev.senechal.gw.engine.config.GatewayConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code senechal-gw start}: runs the daemon in the foreground until SIGTERM or SIGINT, then stops
 * within {@code service.shutdown_grace} and exits 0. SIGHUP reloads the config file (see {@link
 * DaemonReloader}).
 */
@Command(name = "start", description = "Run the daemon in the foreground.")
final class StartCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    GatewayConfig loaded;
    try {
      loaded = config.load();
    } catch (ConfigException e) {
      ConfigCommand.printProblems(spec, e);
      return Main.FAILURE;
    }
    LogSetup.configure(
        loaded.service().logFormat().name().toLowerCase(java.util.Locale.ROOT),
        loaded.service().logLevel().name());
    Logger log = LoggerFactory.getLogger(StartCommand.class);
    CountDownLatch stop = new CountDownLatch(1);
    PosixSignals.handle("TERM", stop::countDown);
    PosixSignals.handle("INT", stop::countDown);
    // Installed before anything slow: an untrapped SIGHUP would end the JVM with 129. One that
    // arrives before the engine has started is kept and reloads once it has.
    try (DaemonReloader reloader = new DaemonReloader()) {
      PosixSignals.handle("HUP", reloader::requested);
      log.info("starting: pid {}, config {}", ProcessHandle.current().pid(), loaded.file());
      return run(loaded, reloader, stop, log);
    }
  }

  private int run(GatewayConfig loaded, DaemonReloader reloader, CountDownLatch stop, Logger log) {
    Gateway gateway;
    try {
      gateway = Gateway.builder(loaded).build();
    } catch (ConfigException e) {
      ConfigCommand.printProblems(spec, e);
      return Main.FAILURE;
    }
    try {
      gateway.start();
    } catch (InstanceLockedException | HttpStartException e) {
      spec.commandLine().getErr().println("senechal-gw: " + e.getMessage());
      return Main.FAILURE;
    }
    reloader.ready(gateway);
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reloader.close();
    log.info("stopping (grace {})", gateway.config().service().shutdownGrace());
    gateway.close();
    return Main.OK;
  }
}
