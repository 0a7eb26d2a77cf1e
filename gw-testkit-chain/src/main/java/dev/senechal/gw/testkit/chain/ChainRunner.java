package dev.senechal.gw.testkit.chain;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.GatewayException;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.PluginConfig;
import dev.senechal.gw.engine.config.RetryConfig;
import dev.senechal.gw.engine.config.ServiceConfig;
import dev.senechal.gw.engine.config.StateConfig;
import dev.senechal.gw.engine.config.Synchronous;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ProtocolViolationException;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs a config's plugins and routes in the real engine and hands back one job's whole tree.
 *
 * <pre>{@code
 * try (ChainRunner chain = ChainRunner.of(Path.of("src/test/resources/chain.yaml"))) {
 *   ChainTree tree = chain.run("discord-handler", "poll", "{}", "{\"channel_id\":\"c-1\"}");
 *   tree.assertAllSucceeded();
 *   assertThat(tree.only("discord-notifier").context("channel_id")).hasValue("c-1");
 * }
 * }</pre>
 *
 * <p>The engine runs on a store in a temporary directory that {@link #close()} deletes: the config's
 * {@code state.path} is replaced, and so are what would make a run slow or leak: schedules are
 * dropped (only the job you start runs), {@code webhooks} and {@code api} are left out (no ports),
 * retries keep the configured number of attempts but wait {@link #retryBackoff(Duration)} (zero by
 * default) instead of the configured backoff, and stopping kills a still-running plugin at once.
 * The engine starts with the first run; later runs share its store, so plugin state carries over
 * from run to run (use a new runner for a clean slate).
 */
public final class ChainRunner implements AutoCloseable {
  /** How long a run waits for its tree to settle unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The {@code origin_source} a run's first job gets when its context names none. */
  public static final String ORIGIN_SOURCE = "test";

  private static final ObjectMapper JSON = ProtocolCodec.newMapper();

  private final GatewayConfig configured;
  private final ProtocolCodec codec = new ProtocolCodec();
  private Map<String, String> environment;
  private Duration timeout = DEFAULT_TIMEOUT;
  private Duration retryBackoff = Duration.ZERO;
  private boolean retries = true;
  private Clock clock = Clock.systemUTC();

  private Path directory;
  private GatewayConfig effective;
  private Gateway gateway;
  private boolean closed;

  private ChainRunner(GatewayConfig configured, Map<String, String> environment) {
    this.configured = requireNonNull(configured, "config is null");
    this.environment = environment;
  }

  /** A runner for a config file, with {@code ${VAR}} resolved from this process's environment. */
  public static ChainRunner of(Path configYaml) {
    return of(configYaml, System.getenv());
  }

  /**
   * A runner for a config file; {@code environment} is what {@code ${VAR}} and plugins'
   * {@code inherit_env} see.
   *
   * @throws dev.senechal.gw.engine.config.ConfigException every problem of the file at once
   */
  public static ChainRunner of(Path configYaml, Map<String, String> environment) {
    requireNonNull(configYaml, "configYaml is null");
    requireNonNull(environment, "environment is null");
    return new ChainRunner(ConfigLoader.load(configYaml, environment), Map.copyOf(environment));
  }

  /** A runner for a config built in code (or loaded and edited). */
  public static ChainRunner of(GatewayConfig config) {
    return new ChainRunner(config, null);
  }

  /** How long a run waits for its whole tree to settle; default {@link #DEFAULT_TIMEOUT}. */
  public ChainRunner timeout(Duration value) {
    requireNonNull(value, "timeout is null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("timeout must be above zero, was " + value);
    }
    this.timeout = value;
    return this;
  }

  /**
   * The backoff base every plugin's retries use instead of the configured one; default zero
   * (retry at once), {@code null} keeps the configured backoff (a run then waits for it).
   */
  public ChainRunner retryBackoff(Duration value) {
    requireNotStarted();
    if (value != null && value.isNegative()) {
      throw new IllegalArgumentException("retryBackoff must not be negative, was " + value);
    }
    this.retryBackoff = value;
    return this;
  }

  /**
   * With {@code false}, every job gets one attempt (a failure is final at once); default {@code
   * true}: each plugin's configured {@code max_attempts}.
   */
  public ChainRunner retries(boolean value) {
    requireNotStarted();
    this.retries = value;
    return this;
  }

  /** What {@code inherit_env} sees, for a config built in code; default this process's. */
  public ChainRunner environment(Map<String, String> value) {
    requireNotStarted();
    this.environment = Map.copyOf(value);
    return this;
  }

  /** The clock the engine and {@link #handle} stamp times with; default the system clock. */
  public ChainRunner clock(Clock value) {
    requireNotStarted();
    this.clock = requireNonNull(value, "clock is null");
    return this;
  }

  /** Starts a {@code command} job of {@code plugin} with an empty context and drains its tree. */
  public ChainTree run(String plugin, String command, String payloadJson) {
    return run(plugin, command, payloadJson, "{}");
  }

  /**
   * Starts a {@code command} job of {@code plugin} and waits until it and every job routed from
   * it have settled for good (succeeded, or failed with no retry left).
   *
   * @param payloadJson the job's payload, a JSON object; for {@code handle} the event envelope
   *     (or use {@link #handle})
   * @param contextJson the first job's context, a JSON object; {@code origin_source} is set to
   *     {@value #ORIGIN_SOURCE} when it has none, as the CLI sets {@code cli}
   * @throws ChainTimeoutException the tree did not settle within the timeout; it names the jobs
   *     still queued or running
   * @throws IllegalArgumentException the plugin is not in the config or a JSON argument is not an
   *     object
   */
  public ChainTree run(String plugin, String command, String payloadJson, String contextJson) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    object("payload", payloadJson);
    ObjectNode context = object("context", contextJson);
    if (!context.has("origin_source")) {
      context.put("origin_source", ORIGIN_SOURCE);
    }
    Gateway engine = started();
    PluginConfig pluginConfig =
        effective
            .plugin(plugin)
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "no plugin " + plugin + " in the config (plugins: "
                        + effective.plugins().keySet() + ")"));
    NewJob job =
        NewJob.of(plugin, command, payloadJson, SubmittedBy.API)
            .withMaxAttempts(pluginConfig.retry().maxAttempts())
            .withContext(context.toString());
    String rootId = engine.enqueue(job).jobId();
    drain(engine, rootId);
    return tree(engine, rootId);
  }

  /**
   * Starts a {@code handle} job of {@code plugin} for an event of {@code eventType}, as if a
   * producer named {@value #ORIGIN_SOURCE} had emitted it, and drains its tree.
   */
  public ChainTree handle(
      String plugin, String eventType, String eventPayloadJson, String contextJson) {
    object("event payload", eventPayloadJson);
    String envelope =
        codec.encodeEvent(
            new PluginEvent(
                eventType, eventPayloadJson, UUID.randomUUID().toString(), ORIGIN_SOURCE,
                clock.instant(), null));
    return run(plugin, "handle", envelope, contextJson);
  }

  /** The config the engine runs: the given one with the replacements listed on this class. */
  public GatewayConfig config() {
    started();
    return effective;
  }

  /** The temporary directory holding the store; deleted by {@link #close()}. */
  public Path directory() {
    started();
    return directory;
  }

  /** Stops the engine (killing a plugin still running) and deletes the temporary store. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (gateway != null) {
        gateway.close();
      }
    } finally {
      if (directory != null) {
        deleteRecursively(directory);
      }
    }
  }

  private void drain(Gateway engine, String rootId) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Deque<String> pending = new ArrayDeque<>();
    pending.push(rootId);
    while (!pending.isEmpty()) {
      String id = pending.pop();
      long left = deadline - System.nanoTime();
      try {
        if (left <= 0) {
          throw new TimeoutException();
        }
        engine.await(id).get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new ChainTimeoutException(tree(engine, rootId), timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GatewayException("interrupted while draining the chain from job " + rootId, e);
      } catch (ExecutionException e) {
        throw new GatewayException("the engine stopped while draining job " + id, e.getCause());
      }
      // A job's children are enqueued in the same transaction that settles it.
      for (Job child : engine.jobs().children(id)) {
        pending.push(child.id());
      }
    }
  }

  private ChainTree tree(Gateway engine, String rootId) {
    Map<String, String> states = new LinkedHashMap<>();
    for (String plugin : effective.plugins().keySet()) {
      states.put(plugin, engine.states().get(plugin));
    }
    return new ChainTree(node(engine.jobs(), rootId), states);
  }

  private ChainNode node(JobQueue jobs, String id) {
    Job job =
        jobs.find(id).orElseThrow(() -> new IllegalStateException("job " + id + " is gone"));
    List<ChainNode> children =
        jobs.children(id).stream().map(child -> node(jobs, child.id())).toList();
    return new ChainNode(job, jobs.attempts(id), event(job), children);
  }

  private Optional<PluginEvent> event(Job job) {
    if (!"handle".equals(job.command())) {
      return Optional.empty();
    }
    try {
      return Optional.of(codec.decodeEvent(job.payload()));
    } catch (ProtocolViolationException e) {
      return Optional.empty();
    }
  }

  private Gateway started() {
    if (closed) {
      throw new IllegalStateException("the chain runner is closed");
    }
    if (gateway == null) {
      try {
        directory = Files.createTempDirectory("senechal-chain-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary directory for the store", e);
      }
      effective = forChain(configured, directory.resolve("state.db"));
      Gateway.Builder builder = Gateway.builder(effective).clock(clock);
      if (environment != null) {
        builder.environment(environment);
      }
      try {
        Gateway built = builder.build();
        built.start();
        gateway = built;
      } catch (RuntimeException e) {
        deleteRecursively(directory);
        directory = null;
        throw e;
      }
    }
    return gateway;
  }

  private GatewayConfig forChain(GatewayConfig config, Path database) {
    ServiceConfig s = config.service();
    ServiceConfig service =
        new ServiceConfig(s.name(), s.tickInterval(), s.logLevel(), s.logFormat(), s.dedupeTtl(),
            s.jobLogRetention(), Duration.ZERO);
    Map<String, PluginConfig> plugins = new LinkedHashMap<>();
    for (PluginConfig p : config.plugins().values()) {
      RetryConfig retry =
          new RetryConfig(
              retries ? p.retry().maxAttempts() : 1,
              retryBackoff == null ? p.retry().backoffBase() : retryBackoff);
      plugins.put(
          p.name(),
          new PluginConfig(p.name(), p.enabled(), null, p.config(), retry, p.timeouts(),
              p.circuitBreaker(), p.maxOutstandingPolls(), p.env(), p.inheritEnv(),
              p.secretConfigPaths()));
    }
    return new GatewayConfig(config.file(), service, new StateConfig(database, Synchronous.OFF),
        config.pluginsDir(), plugins, config.routes(), null, null);
  }

  private void requireNotStarted() {
    if (gateway != null || closed) {
      throw new IllegalStateException("settings are fixed once the first run started the engine");
    }
  }

  private static ObjectNode object(String what, String json) {
    requireNonNull(json, what + " is null");
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not JSON: " + json, e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object, was " + json);
    }
    return (ObjectNode) node;
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the chain runner's store " + root, e);
    }
  }
}
