package dev.senechal.gw.engine;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.senechal.gw.dispatch.CircuitBreakers;
import dev.senechal.gw.dispatch.Dispatcher;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.PluginDiscovery;
import dev.senechal.gw.dispatch.PluginSettings;
import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.ConfigProblem;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.internal.CurrentRuntime;
import dev.senechal.gw.engine.internal.EngineModule;
import dev.senechal.gw.engine.internal.EngineSettings;
import dev.senechal.gw.engine.internal.GatewayHttpControl;
import dev.senechal.gw.engine.internal.InstanceLock;
import dev.senechal.gw.engine.internal.PluginChecks;
import dev.senechal.gw.engine.internal.PluginInitializer;
import dev.senechal.gw.engine.internal.PluginSettingsMapper;
import dev.senechal.gw.engine.internal.ReloadPlan;
import dev.senechal.gw.engine.internal.RuntimeSnapshot;
import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.ProcessGroups;
import dev.senechal.gw.protocol.ProcessIdentity;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.PluginInitRecord;
import dev.senechal.gw.queue.PluginInitStore;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.ScheduleStore;
import dev.senechal.gw.queue.SettledAttempt;
import dev.senechal.gw.queue.StateStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.scheduler.Scheduler;
import dev.senechal.gw.webhook.DeliveryRejection;
import dev.senechal.gw.webhook.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: what the {@code senechal-gw} daemon runs and what a Java program embeds.
 *
 * <pre>{@code
 * GatewayConfig config = ConfigLoader.load(Path.of("config.yaml"), System.getenv());
 * try (Gateway gateway = Gateway.builder(config).build()) {
 *   gateway.start();
 *   Job done = gateway.submit(NewJob.of("echo", "poll", "{}", SubmittedBy.API))
 *       .get(30, TimeUnit.SECONDS);
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} validates the config against the plugins on disk and starts nothing;
 * {@link #start()} takes the instance lock, recovers what a crash left running, runs the {@code
 * init} of plugins first discovered or whose config changed, then starts the dispatcher, the
 * scheduler and the HTTP listeners ({@code webhooks}, {@code api}; SPEC §8), in that order; {@link #close()} stops them in reverse order, giving
 * the running job {@code service.shutdown_grace} to finish. {@link #reload()} applies an edited
 * config file to a started engine, or rejects it and keeps the running one.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private volatile GatewayConfig config;
  private final Map<String, String> environment;
  private final Injector injector;
  private final CurrentRuntime runtime;
  private final ConcurrentMap<String, CompletableFuture<Job>> waiters = new ConcurrentHashMap<>();
  private InstanceLock lock;
  private boolean started;
  private boolean closed;

  private Gateway(
      GatewayConfig config,
      Map<String, String> environment,
      Injector injector,
      CurrentRuntime runtime) {
    this.config = config;
    this.environment = environment;
    this.injector = injector;
    this.runtime = runtime;
  }

  public static Builder builder(GatewayConfig config) {
    return new Builder(config);
  }

  /** Builds engines; every part not set has a production default. */
  public static final class Builder {
    private final GatewayConfig config;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = RandomGenerator.getDefault();
    private ZoneId zone = ZoneId.systemDefault();
    private Map<String, String> environment = System.getenv();
    private Duration killGrace = Duration.ofSeconds(5);
    private Duration idlePoll = Duration.ofSeconds(1);
    private final List<Module> overrides = new ArrayList<>();

    private Builder(GatewayConfig config) {
      this.config = requireNonNull(config, "config is null");
    }

    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock is null");
      return this;
    }

    public Builder random(RandomGenerator value) {
      this.random = requireNonNull(value, "random is null");
      return this;
    }

    /** The zone of {@code preferred_window} times (default: the system zone). */
    public Builder zone(ZoneId value) {
      this.zone = requireNonNull(value, "zone is null");
      return this;
    }

    /**
     * The daemon environment plugins draw their minimal environment from; also what {@code ${VAR}}
     * reads when {@link Gateway#reload()} reads the config file again (default {@code
     * System.getenv()}, what the CLI loads the file with).
     */
    public Builder environment(Map<String, String> value) {
      this.environment = Map.copyOf(value);
      return this;
    }

    /** Time between SIGTERM and SIGKILL of a plugin (5s; tests shorten it). */
    public Builder killGrace(Duration value) {
      this.killGrace = requireNonNull(value, "killGrace is null");
      return this;
    }

    /** Guice modules whose bindings replace the engine's (a clock, the store, the runner). */
    public Builder override(Module... modules) {
      overrides.addAll(List.of(modules));
      return this;
    }

    /**
     * Discovers the plugins, validates the config against them (see {@link #check}), then
     * assembles the engine and opens the store. Starts nothing and takes no lock.
     *
     * @throws ConfigException with every problem found
     */
    public Gateway build() {
      PluginCatalog catalog = check(config);
      EngineSettings settings =
          new EngineSettings(clock, random, zone, environment, killGrace, idlePoll);
      CurrentRuntime runtime = new CurrentRuntime(new RuntimeSnapshot(config, catalog));
      Module strict =
          new AbstractModule() {
            @Override
            protected void configure() {
              binder().requireExplicitBindings();
              binder().disableCircularProxies();
            }
          };
      Injector injector =
          Guice.createInjector(
              Stage.PRODUCTION,
              strict,
              Modules.override(new EngineModule(config, runtime, settings)).with(overrides));
      return new Gateway(config, environment, injector, runtime);
    }
  }

  /**
   * Discovers the plugins the config names and validates the config against them, touching
   * neither the store nor the lock: what {@code senechal-gw config check} runs.
   *
   * @return the plugins that would load, be refused, or are not enabled
   * @throws ConfigException with every problem found
   */
  public static PluginCatalog check(GatewayConfig config) {
    Map<String, PluginSettings> configured = PluginSettingsMapper.map(config);
    PluginCatalog catalog = PluginDiscovery.directory().discover(config.pluginsDir(), configured);
    List<ConfigProblem> problems = PluginChecks.check(config, catalog);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return catalog;
  }

  /** How this config's store is opened; for tools that read or write the store directly. */
  public static StoreConfig storeConfig(GatewayConfig config) {
    return EngineModule.storeConfig(config);
  }

  /**
   * The pid of the daemon (or embedding process) running on this config's store, if one runs.
   * Read from the kernel's lock table without touching the lock, so it is safe to ask at any time,
   * from any process, including the one that holds it.
   */
  public static OptionalLong runningPid(GatewayConfig config) {
    return InstanceLock.holder(config.state().path().toAbsolutePath().getParent());
  }

  /**
   * Takes the instance lock, recovers orphaned jobs, runs {@code init} of each plugin that declares
   * it and has not run it with its current config (blocking, one plugin after another, each within
   * its init timeout; see {@link #pluginHealth()}), then starts the dispatcher, the scheduler and the
   * HTTP listeners.
   *
   * @throws InstanceLockedException another daemon runs on this store
   * @throws dev.senechal.gw.webhook.HttpStartException a listen address cannot be bound; nothing
   *     keeps running
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException("a gateway starts once");
    }
    lock = InstanceLock.acquire(config.state().path().toAbsolutePath().getParent(),
        ProcessHandle.current().pid());
    try {
      // Before recovery: every settled outcome, whoever produces it, is reported to the same
      // listeners. The breaker first, so whoever awaits a job sees the breaker it left.
      JobQueue queue = jobs();
      queue.addSettleListener(breakers());
      queue.addSettleListener(this::settled);
      recover();
      // init before the dispatcher, so a plugin's first job finds what its init set up.
      injector
          .getInstance(PluginInitializer.class)
          .initialize(runtime.current().loaded().values());
      injector.getInstance(Dispatcher.class).start();
      injector.getInstance(Scheduler.class).start();
      // Last, so nothing is accepted over HTTP before the engine can run it.
      injector
          .getInstance(HttpServer.class)
          .start(
              new GatewayHttpControl(
                  this,
                  runtime,
                  injector.getInstance(ScheduleStore.class),
                  injector.getInstance(Clock.class)));
      started = true;
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    log.info(
        "ready: {} plugins loaded, {} refused, store {}",
        runtime.current().loaded().size(),
        runtime.current().refused().size(),
        config.state().path());
  }

  /**
   * Crash recovery (SPEC §9): first kill every plugin process group a {@code running} job recorded
   * that is still alive, so a plugin that outlived a crashed daemon cannot act twice; then re-queue
   * or dead-letter each orphan. The store settles and logs each like any other attempt (a WARN line
   * for a re-queue, ERROR for a dead letter).
   */
  private void recover() {
    JobQueue queue = jobs();
    ProcessGroups groups = injector.getInstance(ProcessGroups.class);
    for (Job job : queue.running()) {
      if (job.process() == null) {
        continue;
      }
      ProcessIdentity identity =
          new ProcessIdentity(
              job.process().pid(), job.process().processGroupId(), job.process().startedAt());
      if (groups.isAlive(identity)) {
        log.warn(
            "killing plugin process group {} left running by job {} ({} {})",
            identity.processGroupId(),
            job.id(),
            job.plugin(),
            job.command());
        groups.killGroup(identity, Duration.ofSeconds(5));
      }
    }
    queue.recoverOrphans();
  }

  private void settled(SettledAttempt settled) {
    if (!settled.isFinal()) {
      return;
    }
    CompletableFuture<Job> waiter = waiters.remove(settled.job().id());
    if (waiter != null) {
      // Not on the store's reporting thread: the dispatcher waits for that thread before each
      // plugin, so a caller's callback that blocks on another job would stall the engine.
      waiter.completeAsync(settled::job);
    }
  }

  /** Enqueues a job durably; it runs when the dispatcher reaches it. */
  public EnqueueResult enqueue(NewJob job) {
    return jobs().enqueue(job);
  }

  /**
   * Enqueues a job and completes when it is settled for good: succeeded, or failed with no retry
   * left ({@code failed}, {@code timed_out}, {@code dead}). A deduplicated enqueue follows the
   * existing job. Functions chained onto the future run on a pool thread, never on the engine's
   * own threads, so they may block, even on another job of this engine.
   */
  public CompletableFuture<Job> submit(NewJob job) {
    return await(enqueue(job).jobId());
  }

  /**
   * Completes when the job with this id is settled for good (see {@link #submit}); at once when it
   * already is. Fails when the gateway stops first.
   */
  public CompletableFuture<Job> await(String jobId) {
    CompletableFuture<Job> future = waiters.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    JobQueue queue = jobs();
    // A settle is visible before it is durable; answer only with what is durable.
    queue.awaitReported();
    queue
        .find(jobId)
        .filter(j -> j.status().isTerminal())
        .ifPresent(
            j -> {
              waiters.remove(j.id());
              future.complete(j);
            });
    return future;
  }

  public Optional<Job> job(String id) {
    return jobs().find(id);
  }

  public JobQueue jobs() {
    return injector.getInstance(JobQueue.class);
  }

  public StateStore states() {
    return injector.getInstance(StateStore.class);
  }

  /**
   * The circuit breakers per (plugin, command) (SPEC §6): what {@code status} lists, what the
   * future {@code POST /api/plugins/{name}/reset} resets. Works before {@link #start()} too (it
   * reads the store).
   */
  public CircuitBreakers breakers() {
    return injector.getInstance(CircuitBreakers.class);
  }

  /**
   * How many plugins have a circuit breaker open or half-open: {@code plugins_circuit_open} of
   * {@code GET /healthz} (SPEC §8). Read from the store, so it counts breakers opened before a
   * restart and sees a reset made by the CLI.
   */
  public int pluginsCircuitOpen() {
    return breakers().pluginsCircuitOpen();
  }

  /**
   * The health of each loaded plugin from its {@code init} (SPEC §6), read from the store: {@code
   * failed} when init failed with the current config (not retried; the plugin still runs its jobs),
   * {@code ok}, {@code not_declared}, or {@code pending} before {@link #start()} ran it.
   */
  public List<PluginHealth> pluginHealth() {
    return pluginHealth(
        runtime.current(), injector.getInstance(PluginInitStore.class).pluginInits());
  }

  /**
   * The health of each plugin of {@code catalog} from stored init outcomes, for tools that read the
   * store without an engine (the CLI, with the daemon stopped): see {@link #pluginHealth()}.
   *
   * @param records what {@link PluginInitStore#pluginInits()} returns; empty when there is no store
   */
  public static List<PluginHealth> pluginHealth(
      PluginCatalog catalog, List<PluginInitRecord> records) {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(records, "records is null");
    return PluginInitializer.health(catalog.loaded().values(), records);
  }

  /**
   * The port the webhook listener is bound to (useful with {@code listen: 127.0.0.1:0}), when the
   * config has a {@code webhooks} section and the engine is started.
   */
  public Optional<Integer> webhooksPort() {
    return injector.getInstance(HttpServer.class).webhooksPort();
  }

  /** The port the API listener is bound to, when the config has an {@code api} section. */
  public Optional<Integer> apiPort() {
    return injector.getInstance(HttpServer.class).apiPort();
  }

  /**
   * Webhook deliveries refused since start, per reason (only reasons seen so far); each was also
   * logged at WARN. See docs/webhooks.md.
   */
  public Map<DeliveryRejection, Long> rejectedDeliveries() {
    return injector.getInstance(HttpServer.class).rejectedDeliveries();
  }

  /** The plugins loaded, refused and found but not enabled. */
  public PluginCatalog plugins() {
    return runtime.current();
  }

  /** The configuration in force: the one built with, or the last one a reload applied. */
  public GatewayConfig config() {
    return config;
  }

  /**
   * Reads {@link GatewayConfig#file() config().file()} again, with the {@linkplain
   * Builder#environment environment} the engine was built with, and applies it (validate, then
   * swap; SPEC §9). See {@link #reload(GatewayConfig)}; a file that cannot be read or parsed is
   * rejected the same way as an invalid one.
   *
   * @throws IllegalStateException the engine is not started, is closed, or its config was built in
   *     code (has no file)
   */
  public synchronized ReloadResult reload() {
    requireRunning();
    Path file = config.file();
    if (file == null) {
      throw new IllegalStateException("the config was built in code; it has no file to reload");
    }
    GatewayConfig next;
    try {
      next = ConfigLoader.load(file, environment);
    } catch (ConfigException e) {
      return reject(e);
    }
    return apply(next);
  }

  /**
   * Validates {@code next} exactly as {@link Builder#build()} does (plugin discovery and the checks
   * against the manifests) and, only if it is valid, puts it in force in one step:
   *
   * <ul>
   *   <li>schedules, routes, per-plugin settings (config, env, timeouts, retry) and plugins added to
   *       the config or changed on disk take effect; the scheduler ticks at once, so a new or
   *       shortened schedule is not left waiting for the next tick;
   *   <li>plugins added, and plugins whose config or manifest version changed, run their {@code
   *       init} (directly, not through the queue; see {@link #pluginHealth()}) before the reload
   *       returns, while the dispatcher goes on with other jobs;
   *   <li>the queued jobs of a plugin that no longer runs (removed from the config, {@code enabled:
   *       false}, or now refused) become {@code dead} with a reason naming the reload, each logged
   *       at WARN;
   *   <li>a job already running finishes under the snapshot it started with, and is neither killed
   *       nor run again;
   *   <li>keys read only at start ({@code state.*}, {@code service.tick_interval}, {@code
   *       service.dedupe_ttl}, logging, listen addresses) keep their running values; a change to
   *       them is logged at WARN and listed in {@link ReloadResult#restartRequired()}.
   * </ul>
   *
   * <p>An invalid config changes nothing: every problem is logged at ERROR with its key path and
   * returned. Reloads are serialized with each other and with {@link #start()} and {@link #close()}.
   *
   * @throws IllegalStateException the engine is not started or is closed
   */
  public synchronized ReloadResult reload(GatewayConfig next) {
    requireNonNull(next, "next is null");
    requireRunning();
    return apply(next);
  }

  private void requireRunning() {
    if (!started || closed) {
      throw new IllegalStateException(
          closed ? "the gateway is closed" : "the gateway is not started; nothing to reload");
    }
  }

  private ReloadResult apply(GatewayConfig next) {
    PluginCatalog catalog;
    try {
      catalog = check(next);
    } catch (ConfigException e) {
      return reject(e);
    }
    RuntimeSnapshot replacement = new RuntimeSnapshot(next, catalog);
    ReloadPlan plan = ReloadPlan.between(runtime.snapshot(), replacement);
    runtime.replace(replacement);
    config = next;
    for (String key : plan.restartRequired()) {
      log.warn("reload: {} changed; the running value stays until the daemon restarts", key);
    }
    List<Job> deadLettered = new ArrayList<>();
    plan.removed().forEach((plugin, reason) -> deadLettered.addAll(deadLetter(plugin, reason)));
    List<LoadedPlugin> initCandidates = new ArrayList<>();
    for (String name : plan.added()) {
      catalog.plugin(name).ifPresent(initCandidates::add);
    }
    for (String name : plan.changed()) {
      catalog.plugin(name).ifPresent(initCandidates::add);
    }
    injector.getInstance(PluginInitializer.class).initialize(initCandidates);
    injector.getInstance(Scheduler.class).tick();
    ReloadResult result =
        new ReloadResult(
            true,
            List.of(),
            plan.added(),
            List.copyOf(plan.removed().keySet()),
            plan.changed(),
            next.routes().size(),
            runtime.schedules().size(),
            deadLettered,
            plan.restartRequired());
    log.info("reload applied: {}", result.summary());
    return result;
  }

  /**
   * The queued jobs of a plugin the reload took away. Should the store refuse, the jobs stay queued
   * and the dispatcher dead-letters each when it claims it (the plugin is no longer loaded), so
   * none is lost or run.
   */
  private List<Job> deadLetter(String plugin, String reason) {
    List<Job> dead;
    try {
      dead = jobs().deadLetterQueued(plugin, reason);
    } catch (QueueException e) {
      log.error(
          "reload: could not dead-letter the queued jobs of plugin {}; the dispatcher dead-letters"
              + " each when it claims it",
          plugin,
          e);
      return List.of();
    }
    return dead; // each logged by the store like any dead letter
  }

  private ReloadResult reject(ConfigException e) {
    log.error(
        "reload rejected: {} problem(s); keeping the running configuration", e.problems().size());
    for (ConfigProblem problem : e.problems()) {
      log.error("reload problem: {}", problem);
    }
    return ReloadResult.rejected(e.problems());
  }

  /** Stops the scheduler, lets the running job finish within the shutdown grace, closes all. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (started) {
      injector.getInstance(HttpServer.class).close();
      injector.getInstance(Scheduler.class).close();
      injector.getInstance(Dispatcher.class).stop(config.service().shutdownGrace());
      // Kills a plugin process started ahead for a job that will not run now (it never got a
      // request).
      injector.getInstance(PluginProcessRunner.class).close();
    }
    closeQuietly();
    log.info("stopped");
  }

  private void closeQuietly() {
    injector.getInstance(HttpServer.class).close();
    if (started || lock != null) {
      try {
        injector.getInstance(QueueStore.class).close();
      } catch (RuntimeException e) {
        log.error("closing the store failed", e);
      }
    }
    if (lock != null) {
      lock.close();
      lock = null;
    }
    for (CompletableFuture<Job> waiter : waiters.values()) {
      waiter.completeExceptionally(new GatewayException("the gateway stopped"));
    }
    waiters.clear();
  }
}
