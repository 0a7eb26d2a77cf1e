package dev.senechal.gw.cli;

import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.QueueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * How CLI commands reach the store: directly, whether or not the daemon runs (SQLite allows other
 * processes; their writes wait for the daemon's up to the busy timeout).
 */
final class StoreAccess {
  private StoreAccess() {}

  /** The store, or empty when the daemon never ran here (read commands then show nothing). */
  static Optional<QueueStore> openExisting(GatewayConfig config) {
    Path path = config.state().path();
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    return Optional.of(open(config));
  }

  /** The store, created when missing (commands that write, such as {@code run}). */
  static QueueStore open(GatewayConfig config) {
    return QueueStore.openSqlite(Gateway.storeConfig(config), Clock.systemUTC());
  }
}
