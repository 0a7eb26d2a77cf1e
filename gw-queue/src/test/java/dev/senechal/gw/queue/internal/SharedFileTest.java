package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one file, as the daemon and a CLI process are: WAL lets them read and write side by
 * side, and the busy timeout makes a writer wait for the other's transaction.
 */
class SharedFileTest extends StoreTestSupport {

  @Test
  void aJobEnqueuedByAnotherProcessIsClaimedByTheDaemon() {
    try (SqliteStore cli = SqliteStore.open(config(), clock)) {
      String id = cli.enqueue(poll(PLUGIN)).jobId();

      Job claimed = claim();

      assertThat(claimed.id()).isEqualTo(id);
      assertThat(cli.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
      store.settle(success(claimed, "{\"seen\":true}", List.of()));
      assertThat(cli.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(cli.get(PLUGIN)).isEqualTo("{\"seen\":true}");
    }
  }

  @Test
  void concurrentWritersOnTwoConnectionsLoseNothing() throws Exception {
    int perWriter = 50;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (SqliteStore cli = SqliteStore.open(config(), clock)) {
      List<Future<List<String>>> writers = new ArrayList<>();
      for (SqliteStore writer : List.of(store, cli)) {
        writers.add(
            pool.submit(
                () -> {
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < perWriter; i++) {
                    ids.add(writer.enqueue(poll(PLUGIN)).jobId());
                  }
                  return ids;
                }));
      }
      Set<String> enqueued = new HashSet<>();
      for (Future<List<String>> writer : writers) {
        enqueued.addAll(writer.get(30, TimeUnit.SECONDS));
      }

      Set<String> claimed = new HashSet<>();
      for (int i = 0; i < 2 * perWriter; i++) {
        claimed.add(claim().id());
      }
      assertThat(claimed).hasSize(2 * perWriter).isEqualTo(enqueued);
      assertThat(cli.claimNext()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWriteWaitsForAnotherWriterOnlyUpToTheBusyTimeout() throws Exception {
    StoreConfig defaults = config();
    StoreConfig impatient =
        new StoreConfig(
            defaults.path(),
            defaults.synchronous(),
            Duration.ofMillis(50),
            defaults.dedupeTtl(),
            defaults.stateCapBytes());
    try (SqliteStore waiting = SqliteStore.open(impatient, clock);
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + databasePath());
        Statement otherStatement = other.createStatement()) {
      otherStatement.execute("BEGIN IMMEDIATE");

      assertThatThrownBy(() -> waiting.enqueue(poll(PLUGIN)))
          .isInstanceOf(QueueException.class)
          .hasMessageStartingWith("cannot enqueue a poll job for plugin " + PLUGIN + " in ")
          .hasMessageContaining("locked");
      assertThat(waiting.depth()).as("reads go on while another process writes").isZero();

      otherStatement.execute("COMMIT");
      waiting.enqueue(poll(PLUGIN));
      assertThat(store.depth()).isEqualTo(1);
    }
  }

  @Test
  void noConnectionKeepsAReadTransactionOpenSoTheWalCanBeCheckpointed() throws Exception {
    for (int i = 0; i < 20; i++) {
      String id = enqueue(poll(PLUGIN).withDedupeKey("k" + i));
      Job job = claim();
      store.get(PLUGIN);
      store.find(id);
      store.settle(success(job, "{\"i\":" + i + "}", List.of(child("analyzer", id, "e"))));
      store.list(JobQuery.all(5));
    }
    store.nextDueAt();
    store.running();

    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + databasePath());
        Statement statement = other.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      assertThat(rs.getInt(1)).as("checkpoint blocked by an open transaction").isZero();
    }
  }
}
