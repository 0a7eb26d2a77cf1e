package dev.senechal.gw.queue.internal;

import dev.senechal.gw.queue.QueueException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store's schema up to date: the numbered scripts under {@code db/migration/} are applied
 * in order, each in its own {@code BEGIN IMMEDIATE} transaction that also sets {@code PRAGMA
 * user_version} to the script's number. Another process migrating the same file at the same time is
 * harmless: the version is read again inside each transaction.
 */
final class SchemaMigrations {
  static final String LOCATION = "db/migration/";

  /** Every migration, in order; a file's number is its schema version (1, 2, …, no gaps). */
  static final List<String> FILES =
      List.of(
          "V001__init.sql",
          "V002__retry_of.sql",
          "V003__circuit_breakers.sql",
          "V004__plugin_init.sql",
          "V005__webhook_deliveries.sql");

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  private SchemaMigrations() {}

  static int latestVersion() {
    return version(FILES.get(FILES.size() - 1));
  }

  /** {@code V012__add_things.sql} is version 12. */
  static int version(String file) {
    if (!file.matches("V\\d+__\\w+\\.sql")) {
      throw new IllegalArgumentException("migration " + file + " is not named V<n>__<name>.sql");
    }
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  /** Applies the missing migrations to the database open on {@code handle}. */
  static void migrate(Handle handle, Path database) {
    checkNotNewer(userVersion(handle), database);
    for (String file : FILES) {
      int version = version(file);
      if (userVersion(handle) >= version) {
        continue;
      }
      handle.execute("BEGIN IMMEDIATE");
      try {
        int current = userVersion(handle);
        checkNotNewer(current, database);
        if (current < version) {
          handle.createScript(script(file)).executeAsSeparateStatements();
          handle.execute("PRAGMA user_version = " + version);
          log.info("applied schema migration {} to {}", file, database);
        }
        handle.execute("COMMIT");
      } catch (RuntimeException e) {
        SqliteStore.rollback(handle, e);
        if (e instanceof QueueException) {
          throw e;
        }
        throw new QueueException(
            "schema migration " + file + " failed on " + database + ": " + SqliteStore.describe(e),
            SqliteStore.rootCause(e));
      }
    }
  }

  static int userVersion(Handle handle) {
    try {
      return handle.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
    } catch (JdbiException e) {
      throw new QueueException(
          "cannot read the schema version: " + SqliteStore.describe(e), SqliteStore.rootCause(e));
    }
  }

  private static void checkNotNewer(int current, Path database) {
    int latest = latestVersion();
    if (current > latest) {
      throw new QueueException(
          "the schema of "
              + database
              + " is version "
              + current
              + ", newer than this gateway knows (version "
              + latest
              + ", "
              + FILES.get(FILES.size() - 1)
              + "); it was written by a newer senechal-gw: run that version or restore a backup");
    }
  }

  private static String script(String file) {
    String resource = LOCATION + file;
    try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("migration " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + resource, e);
    }
  }
}
