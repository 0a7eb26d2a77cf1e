package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.ProcessRef;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.queue.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The file is the truth: everything survives a close and reopen; schema versions are checked. */
class PersistenceTest extends StoreTestSupport {

  private void reopen() {
    store.close();
    store = SqliteStore.open(config(), clock);
  }

  private int rawInt(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databasePath());
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return rs.getInt(1);
    }
  }

  private void rawExecute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databasePath());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void jobsStateScheduleTimingsAndTheJobLogSurviveAReopen() {
    String done = enqueue(poll(PLUGIN).withDedupeKey("k"));
    store.settle(success(claim(), "{\"cursor\":\"b\"}", List.of()));
    String running = enqueue(poll("other"));
    Job claimed = claim();
    store.recordProcess(running, 1, new ProcessRef(4242, 4242, START));
    String queued = enqueue(poll("third").withContext("{\"origin_source\":\"cli\"}"));
    store.enqueue(poll(PLUGIN).withDedupeKey("k"));
    store.fire(PLUGIN, "poll", START, START.plus(Duration.ofHours(6)), null);

    reopen();

    assertThat(job(done).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(store.attempts(done)).hasSize(1);
    assertThat(store.dedupeHits(done)).isEqualTo(1);
    assertThat(store.get(PLUGIN)).isEqualTo("{\"cursor\":\"b\"}");
    assertThat(store.running())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.id()).isEqualTo(running);
              assertThat(j.startedAt()).isEqualTo(claimed.startedAt());
              assertThat(j.process()).isEqualTo(new ProcessRef(4242, 4242, START));
            });
    assertThat(job(queued).context()).isEqualTo("{\"origin_source\":\"cli\"}");
    assertThat(store.find(PLUGIN, "poll"))
        .contains(new ScheduleEntry(PLUGIN, "poll", START, START.plus(Duration.ofHours(6))));
    assertThat(claim().id()).isEqualTo(queued);
  }

  @Test
  void migrationsRunOnceAndRecordTheSchemaVersion() throws SQLException {
    String id = enqueue(poll(PLUGIN));
    assertThat(rawInt("PRAGMA user_version")).isEqualTo(SchemaMigrations.latestVersion());

    reopen();
    reopen();

    assertThat(rawInt("PRAGMA user_version")).isEqualTo(SchemaMigrations.latestVersion());
    assertThat(job(id).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void aVersionOneStoreIsMigratedKeepingItsJobsWhichThenCanBeRetried() throws IOException {
    store.close();
    Path old = dir.resolve("v1").resolve("state.db");
    Files.createDirectories(old.getParent());
    String v001;
    try (InputStream in =
        SchemaMigrations.class.getClassLoader().getResourceAsStream("db/migration/V001__init.sql")) {
      v001 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Jdbi.create("jdbc:sqlite:" + old)
        .useHandle(
            handle -> {
              handle.createScript(v001).executeAsSeparateStatements();
              handle.execute("PRAGMA user_version = 1");
              handle.execute(
                  "INSERT INTO jobs (id, plugin, command, payload, status, attempt, max_attempts,"
                      + " submitted_by, created_at, runnable_at, completed_at, context)"
                      + " VALUES ('old-job', 'withings', 'poll', '{}', 'dead', 4, 4, 'scheduler',"
                      + " 1, 1, 2, '{\"origin_source\":\"schedule\"}')");
            });

    store = SqliteStore.open(StoreConfig.defaults(old), clock);

    Job kept = job("old-job");
    assertThat(kept.status()).isEqualTo(JobStatus.DEAD);
    assertThat(kept.retryOf()).isNull();
    assertThat(store.retries("old-job")).isEmpty();
    Job retry = store.retry("old-job", null);
    assertThat(retry.retryOf()).isEqualTo("old-job");
    assertThat(retry.context()).isEqualTo("{\"origin_source\":\"schedule\"}");
    int version =
        Jdbi.create("jdbc:sqlite:" + old)
            .withHandle(h -> h.createQuery("PRAGMA user_version").mapTo(Integer.class).one());
    assertThat(version).isEqualTo(SchemaMigrations.latestVersion());
  }

  @Test
  void theStoreRunsInWalMode() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databasePath());
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void aSchemaNewerThanThisCodeIsRefusedWithTheFileAndVersions() throws SQLException {
    store.close();
    int newer = SchemaMigrations.latestVersion() + 1;
    rawExecute("PRAGMA user_version = " + newer);

    assertThatThrownBy(() -> SqliteStore.open(config(), clock))
        .isInstanceOf(QueueException.class)
        .hasMessageStartingWith("cannot open store " + databasePath() + ": ")
        .hasMessageContaining("is version " + newer)
        .hasMessageContaining(
            "(version "
                + SchemaMigrations.latestVersion()
                + ", "
                + SchemaMigrations.FILES.get(SchemaMigrations.FILES.size() - 1)
                + ")")
        .hasMessageContaining("newer senechal-gw");

    rawExecute("PRAGMA user_version = " + SchemaMigrations.latestVersion());
    store = SqliteStore.open(config(), clock);
  }

  @Test
  void theMigrationListMatchesTheMigrationFiles() throws IOException {
    Path directory =
        Path.of(SchemaMigrations.class.getClassLoader().getResource("db/migration").getPath());
    List<String> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.map(p -> p.getFileName().toString()).sorted().toList();
    }

    assertThat(SchemaMigrations.FILES).containsExactlyElementsOf(files);
    for (int i = 0; i < files.size(); i++) {
      assertThat(SchemaMigrations.version(files.get(i))).isEqualTo(i + 1);
    }
  }

  @Test
  void aMissingDirectoryIsCreated() {
    Path nested = dir.resolve("a").resolve("b").resolve("state.db");

    try (SqliteStore other = SqliteStore.open(StoreConfig.defaults(nested), clock)) {
      other.enqueue(poll(PLUGIN));
    }

    assertThat(nested).exists();
  }

  @Test
  void aFileThatIsNotADatabaseIsNamedInTheError() throws IOException {
    Path garbage = dir.resolve("garbage.db");
    Files.writeString(garbage, "this is not a database file, just some text ".repeat(100));

    assertThatThrownBy(() -> SqliteStore.open(StoreConfig.defaults(garbage), clock))
        .isInstanceOf(QueueException.class)
        .hasMessageStartingWith("cannot open store " + garbage + ": ")
        .hasMessageContaining("not a database");
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.enqueue(poll(PLUGIN)))
        .isInstanceOf(QueueException.class)
        .hasMessage("store " + databasePath() + " is closed");
    assertThatThrownBy(() -> store.depth()).isInstanceOf(QueueException.class);
    store = SqliteStore.open(config(), clock);
  }
}
