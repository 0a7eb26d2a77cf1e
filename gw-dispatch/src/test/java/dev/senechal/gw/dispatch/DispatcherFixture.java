package dev.senechal.gw.dispatch;

import dev.senechal.gw.dispatch.internal.DirectoryPluginDiscovery;
import dev.senechal.gw.dispatch.internal.RetryPolicy;
import dev.senechal.gw.dispatch.internal.SerialDispatcher;
import dev.senechal.gw.protocol.ManifestParser;
import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.ProcessGroups;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ResponseClassifier;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.router.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/** A real store, the real process runner and a dispatcher over plugins in a temp directory. */
final class DispatcherFixture implements AutoCloseable {
  final Path pluginsDir;
  final QueueStore store;
  final ProtocolCodec codec = new ProtocolCodec();
  private final PluginProcessRunner posix = PluginProcessRunner.posix(Clock.systemUTC());
  /** The real runner unless a test swaps it before {@link #dispatcher()}. */
  PluginProcessRunner runner = posix;
  final Map<String, PluginSettings> settings = new LinkedHashMap<>();
  final Map<String, CompletableFuture<Job>> done = new ConcurrentHashMap<>();
  Router router = (parent, events) -> List.of();
  Duration idlePoll = Duration.ofSeconds(1);
  private PluginCatalog catalog = PluginCatalog.EMPTY;
  private SerialDispatcher dispatcher;

  DispatcherFixture(Path root) {
    this.pluginsDir = root.resolve("plugins");
    this.store = QueueStore.openSqlite(StoreConfig.defaults(root.resolve("state.db")),
        Clock.systemUTC());
  }

  DispatcherFixture plugin(String name, int maxAttempts, Duration timeout) {
    settings.put(
        name,
        new PluginSettings(name, true, "{}", Map.of(), timeout, Map.of(), List.of(), maxAttempts,
            Duration.ofMillis(10)));
    return this;
  }

  SerialDispatcher dispatcher() {
    if (dispatcher == null) {
      catalog =
          new DirectoryPluginDiscovery(new ManifestParser(), codec).discover(pluginsDir, settings);
      dispatcher =
          new SerialDispatcher(
              store,
              store,
              () -> catalog,
              new PluginInvoker(runner, codec, new ResponseClassifier(), settings(),
                  Clock.systemUTC()),
              codec,
              router,
              new RetryPolicy(RandomGenerator.of("L64X128MixRandom")),
              new ProcessGroups(),
              plugin -> BreakerPolicy.DEFAULT,
              settings(),
              Clock.systemUTC());
      store.addSettleListener(
          settled -> {
            if (settled.isFinal()) {
              Job job = settled.job();
              done.computeIfAbsent(job.id(), k -> new CompletableFuture<>()).complete(job);
            }
          });
    }
    return dispatcher;
  }

  DispatchSettings settings() {
    return new DispatchSettings(System.getenv(), Duration.ofMillis(500), idlePoll);
  }

  CompletableFuture<Job> completion(String jobId) {
    return done.computeIfAbsent(jobId, k -> new CompletableFuture<>());
  }

  String enqueue(NewJob job) {
    return store.enqueue(job).jobId();
  }

  /** Runs queued jobs on this thread until none is runnable. */
  void drain() {
    while (dispatcher().runOnce()) {
      // next
    }
  }

  @Override
  public void close() {
    if (dispatcher != null) {
      dispatcher.stop(Duration.ofSeconds(5));
    }
    store.close();
    posix.close();
  }
}
