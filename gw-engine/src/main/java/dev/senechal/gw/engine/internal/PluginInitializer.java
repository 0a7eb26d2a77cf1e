package dev.senechal.gw.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginInvoker;
import dev.senechal.gw.engine.InitStatus;
import dev.senechal.gw.engine.PluginHealth;
import dev.senechal.gw.protocol.InvocationOutcome;
import dev.senechal.gw.protocol.PluginResponse;
import dev.senechal.gw.queue.PluginInitRecord;
import dev.senechal.gw.queue.PluginInitStore;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.StateStore;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code init} (SPEC §6) of the plugins whose manifest declares it, once per plugin and
 * fingerprint (its config JSON and manifest version): on first discovery, and again only when that
 * changes. Init runs directly through {@link PluginInvoker}, exactly as the dispatcher runs a job
 * (request, environment, timeout, caps, classification), but not through the queue: it is no job,
 * has no job log row and is never retried. Its outcome is stored; a failure marks the plugin
 * unhealthy, and the plugin still runs its jobs.
 */
public final class PluginInitializer {
  static final String COMMAND = "init";
  static final String CONTEXT = "{\"origin_source\":\"init\"}";

  private static final Logger log = LoggerFactory.getLogger(PluginInitializer.class);

  private final PluginInvoker invoker;
  private final StateStore states;
  private final PluginInitStore inits;
  private final Clock clock;

  @Inject
  public PluginInitializer(
      PluginInvoker invoker, StateStore states, PluginInitStore inits, Clock clock) {
    this.invoker = requireNonNull(invoker, "invoker is null");
    this.states = requireNonNull(states, "states is null");
    this.inits = requireNonNull(inits, "inits is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Runs init of each of {@code plugins} that declares it and has not run it with its current
   * fingerprint, one after another, blocking until each ends (at most its init timeout).
   *
   * @return the plugins whose init ran now, with their outcome
   */
  public List<PluginInitRecord> initialize(Collection<LoadedPlugin> plugins) {
    List<PluginInitRecord> ran = new ArrayList<>();
    for (LoadedPlugin plugin : plugins) {
      if (!plugin.manifest().supports(COMMAND)) {
        continue;
      }
      String fingerprint = fingerprint(plugin);
      Optional<PluginInitRecord> last = inits.pluginInit(plugin.name());
      if (last.isPresent() && last.get().fingerprint().equals(fingerprint)) {
        log.debug(
            "init of {} already ran with this config ({}); not run again",
            plugin.name(),
            last.get().succeeded() ? "succeeded" : "failed");
        continue;
      }
      ran.add(run(plugin, fingerprint));
    }
    return List.copyOf(ran);
  }

  private PluginInitRecord run(LoadedPlugin plugin, String fingerprint) {
    String name = plugin.name();
    String error;
    try {
      PluginInvoker.Invocation invocation =
          invoker.invoke(
              plugin,
              new PluginInvoker.Call(
                  "init-" + UUID.randomUUID(), COMMAND, "{}", null, states.get(name), CONTEXT),
              identity -> {});
      String stderr = invocation.result().stderrText();
      if (!stderr.isBlank()) {
        log.warn("init of {} wrote to stderr: {}", name, stderr.strip());
      }
      error = settle(name, invocation.outcome());
    } catch (RuntimeException e) {
      error = "init could not run: " + e.getMessage();
    }
    PluginInitRecord record =
        error == null
            ? PluginInitRecord.succeeded(name, fingerprint, clock.instant())
            : PluginInitRecord.failed(name, fingerprint, clock.instant(), error);
    if (record.succeeded()) {
      log.info("init of {} succeeded", name);
    } else {
      log.warn("init of {} failed: {}; the plugin is marked unhealthy", name, error);
    }
    try {
      inits.recordPluginInit(record);
    } catch (QueueException e) {
      log.error(
          "could not store the outcome of the init of {}; it runs again at the next start", name,
          e);
    }
    return record;
  }

  /** Applies a successful init's state updates; returns why it failed, or {@code null}. */
  private String settle(String name, InvocationOutcome outcome) {
    if (outcome instanceof InvocationOutcome.Failed failed) {
      return failed.error();
    }
    PluginResponse response = ((InvocationOutcome.Succeeded) outcome).response();
    if (response.stateUpdates() != null) {
      try {
        states.merge(name, response.stateUpdates(), response.stateReplace());
      } catch (RuntimeException e) {
        return e.getMessage() + "; state_updates were not applied";
      }
    }
    return null;
  }

  /**
   * What init runs with, as a hex SHA-256 over the plugin's config JSON and its manifest version:
   * init runs again when either changes.
   */
  public static String fingerprint(LoadedPlugin plugin) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    String version = plugin.manifest().version();
    String input =
        "config\n" + plugin.settings().config() + "\nversion\n" + (version == null ? "" : version);
    return HexFormat.of().formatHex(digest.digest(input.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The health of each of {@code plugins}, in their order, from the stored init outcomes: {@code
   * not_declared} without init, {@code pending} when init has not run with the current
   * fingerprint, else the stored outcome.
   */
  public static List<PluginHealth> health(
      Collection<LoadedPlugin> plugins, Collection<PluginInitRecord> records) {
    Map<String, PluginInitRecord> byPlugin = new LinkedHashMap<>();
    records.forEach(r -> byPlugin.put(r.plugin(), r));
    List<PluginHealth> health = new ArrayList<>();
    for (LoadedPlugin plugin : plugins) {
      PluginInitRecord record = byPlugin.get(plugin.name());
      if (!plugin.manifest().supports(COMMAND)) {
        health.add(new PluginHealth(plugin.name(), InitStatus.NOT_DECLARED, null, null));
      } else if (record == null || !record.fingerprint().equals(fingerprint(plugin))) {
        health.add(new PluginHealth(plugin.name(), InitStatus.PENDING, null, null));
      } else if (record.succeeded()) {
        health.add(new PluginHealth(plugin.name(), InitStatus.OK, record.ranAt(), null));
      } else {
        health.add(
            new PluginHealth(plugin.name(), InitStatus.FAILED, record.ranAt(), record.error()));
      }
    }
    return List.copyOf(health);
  }
}
