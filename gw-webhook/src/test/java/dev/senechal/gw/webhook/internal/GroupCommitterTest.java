package dev.senechal.gw.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.queue.Delivery;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.queue.testing.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit over a real store: deliveries that arrive while a commit is running are stored by
 * the next one, together; each caller gets the outcome of the transaction holding its delivery.
 */
class GroupCommitterTest {
  @TempDir Path dir;
  QueueStore store;
  final ExecutorService threads = Executors.newCachedThreadPool();
  final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  final CountDownLatch firstCommitEntered = new CountDownLatch(1);
  final CountDownLatch releaseFirstCommit = new CountDownLatch(1);
  volatile boolean failSecondCommit;

  @BeforeEach
  void open() {
    store =
        QueueStore.openSqlite(
            StoreConfig.defaults(dir.resolve("state.db")), MutableClock.at("2026-11-23T12:00:00Z"));
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    store.close();
  }

  /** The store, with its first commit held until released and its second failing on demand. */
  private JobQueue gatedStore() {
    return (JobQueue)
        Proxy.newProxyInstance(
            JobQueue.class.getClassLoader(),
            new Class<?>[] {JobQueue.class},
            (proxy, method, args) -> {
              if (method.getName().equals("enqueueDeliveries")) {
                int call = batchSizes.size();
                batchSizes.add(((List<?>) args[0]).size());
                if (call == 0) {
                  firstCommitEntered.countDown();
                  releaseFirstCommit.await();
                } else if (call == 1 && failSecondCommit) {
                  throw new QueueException("disk I/O error");
                }
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static Delivery delivery(int n) {
    return new Delivery(
        "/hook", "d-" + n, NewJob.of("p", "handle", "{\"n\":" + n + "}", SubmittedBy.WEBHOOK));
  }

  private CompletableFuture<EnqueueResult> commitAsync(GroupCommitter committer, int n) {
    return CompletableFuture.supplyAsync(() -> committer.commit(delivery(n)), threads);
  }

  @Test
  void deliveriesArrivingDuringACommitShareTheNextTransaction() throws Exception {
    GroupCommitter committer = new GroupCommitter(gatedStore());
    CompletableFuture<EnqueueResult> first = commitAsync(committer, 0);
    firstCommitEntered.await();
    List<CompletableFuture<EnqueueResult>> waiting = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      waiting.add(commitAsync(committer, n));
    }
    while (committer.waiting() < 5) {
      Thread.onSpinWait();
    }
    assertThat(first).isNotDone();
    assertThat(waiting).noneMatch(CompletableFuture::isDone);

    releaseFirstCommit.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS).deduplicated()).isFalse();
    for (int n = 1; n <= 5; n++) {
      EnqueueResult result = waiting.get(n - 1).get(30, TimeUnit.SECONDS);
      assertThat(store.find(result.jobId()).orElseThrow().payload())
          .as("each caller gets its own job")
          .isEqualTo("{\"n\":" + n + "}");
    }
    assertThat(batchSizes).containsExactly(1, 5);
    assertThat(store.depth()).isEqualTo(6);
  }

  @Test
  void aFailedTransactionFailsEveryDeliveryInItAndOnlyThose() throws Exception {
    failSecondCommit = true;
    GroupCommitter committer = new GroupCommitter(gatedStore());
    CompletableFuture<EnqueueResult> first = commitAsync(committer, 0);
    firstCommitEntered.await();
    List<CompletableFuture<EnqueueResult>> waiting = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      waiting.add(commitAsync(committer, n));
    }
    while (committer.waiting() < 3) {
      Thread.onSpinWait();
    }

    releaseFirstCommit.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS).deduplicated()).isFalse();
    for (CompletableFuture<EnqueueResult> failed : waiting) {
      try {
        failed.get(30, TimeUnit.SECONDS);
        throw new AssertionError("a delivery of the failed transaction succeeded");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(QueueException.class).hasMessage("disk I/O error");
      }
    }
    assertThat(store.depth()).isEqualTo(1);
    assertThat(committer.commit(delivery(9)).deduplicated())
        .as("the committer goes on after a failure")
        .isFalse();
  }
}
