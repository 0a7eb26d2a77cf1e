package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The {@code state} section: where the SQLite store lives.
 *
 * @param path the database file, absolute once loaded (relative paths resolve against the config
 *     file's directory); default {@code ./data/state.db}
 * @param synchronous SQLite durability; default {@link Synchronous#FULL} (our addition to SPEC §3)
 */
public record StateConfig(Path path, Synchronous synchronous) {
  /** The default {@code state.path}, relative to the config file's directory. */
  public static final String DEFAULT_PATH = "./data/state.db";

  /** The name of the single-instance lock file that sits beside the database (SPEC §9). */
  public static final String LOCK_FILE_NAME = "senechal-gw.lock";

  public StateConfig {
    requireNonNull(path, "path is null");
    requireNonNull(synchronous, "synchronous is null");
  }

  /** The defaults, with the database resolved against {@code baseDirectory}. */
  public static StateConfig defaults(Path baseDirectory) {
    return new StateConfig(baseDirectory.resolve(DEFAULT_PATH).normalize(), Synchronous.FULL);
  }

  /** {@code senechal-gw.lock} in the database's directory. */
  public Path lockFile() {
    return path.toAbsolutePath().resolveSibling(LOCK_FILE_NAME);
  }
}
