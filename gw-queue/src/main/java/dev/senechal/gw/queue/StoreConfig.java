package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the store is opened.
 *
 * @param path the SQLite database file; its directory is created when missing
 * @param synchronous SQLite's {@code synchronous} for settles and enqueues ({@code FULL} by
 *     default: an acknowledged write survives power loss)
 * @param busyTimeout how long a write waits for another connection's lock
 * @param dedupeTtl how long a succeeded job's dedupe key blocks equal keys
 * @param stateCapBytes the largest plugin state a settle may leave (1 MB by default)
 */
public record StoreConfig(
    Path path, Synchronous synchronous, Duration busyTimeout, Duration dedupeTtl,
    long stateCapBytes) {

  public static final long DEFAULT_STATE_CAP = 1024 * 1024;

  public enum Synchronous {
    OFF,
    NORMAL,
    FULL
  }

  public StoreConfig {
    requireNonNull(path, "path is null");
    requireNonNull(synchronous, "synchronous is null");
    requireNonNull(busyTimeout, "busyTimeout is null");
    requireNonNull(dedupeTtl, "dedupeTtl is null");
  }

  public static StoreConfig defaults(Path path) {
    return new StoreConfig(path, Synchronous.FULL, Duration.ofSeconds(5), Duration.ofHours(24),
        DEFAULT_STATE_CAP);
  }
}
