package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.StateTooLargeException;
import dev.senechal.gw.queue.SubmittedBy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A settle applies status, state, job log and children in one transaction (SPEC §4). */
class SettleAtomicityTest extends StoreTestSupport {
  private String parentId;
  private Job running;

  @BeforeEach
  void claimAJob() {
    store.replace(PLUGIN, "{\"cursor\":\"a\",\"token\":\"t\"}");
    parentId = enqueue(poll(PLUGIN));
    running = claim();
    clock.advance(Duration.ofSeconds(3));
  }

  @Test
  void statusStateLogAndChildrenAreAllVisibleAfterTheSettle() {
    AtomicInteger notified = new AtomicInteger();
    store.addEnqueueListener(notified::incrementAndGet);
    AttemptLog attemptLog =
        new AttemptLog(0, "fetching\n", "[{\"level\":\"info\",\"message\":\"ok\"}]", "2 new");

    Job settled =
        store.settle(
            Settlement.succeeded(
                running,
                "{\"cursor\":\"b\"}",
                false,
                attemptLog,
                List.of(child("analyzer", parentId, "e1"), child("notifier", parentId, "e2"))));

    assertThat(settled).isEqualTo(job(parentId));
    assertThat(settled.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(settled.completedAt()).isEqualTo(START.plusSeconds(3));
    assertThat(store.get(PLUGIN)).isEqualTo("{\"cursor\":\"b\",\"token\":\"t\"}");
    assertThat(store.attempts(parentId))
        .containsExactly(
            new JobLogEntry(
                parentId,
                1,
                PLUGIN,
                "poll",
                JobStatus.SUCCEEDED,
                START,
                START.plusSeconds(3),
                0,
                null,
                "fetching\n",
                "[{\"level\":\"info\",\"message\":\"ok\"}]",
                "2 new"));
    assertThat(children(parentId))
        .extracting(Job::plugin, Job::command, Job::status, Job::sourceEventId, Job::submittedBy)
        .containsExactlyInAnyOrder(
            tuple("analyzer", "handle", JobStatus.QUEUED, "e1", SubmittedBy.ROUTE),
            tuple("notifier", "handle", JobStatus.QUEUED, "e2", SubmittedBy.ROUTE));
    assertThat(children(parentId))
        .allSatisfy(
            c -> {
              assertThat(c.context()).isEqualTo("{\"origin_source\":\"schedule\"}");
              assertThat(c.attempt()).isEqualTo(1);
              assertThat(c.createdAt()).isEqualTo(START.plusSeconds(3));
            });
    assertThat(notified).as("listeners run once per settle that added children").hasValue(1);
  }

  @Test
  void aStateOverTheCapRollsBackTheWholeSettle() {
    String huge = "{\"blob\":\"" + "x".repeat((int) config().stateCapBytes()) + "\"}";
    Snapshot before = snapshot();

    assertThatThrownBy(
            () ->
                store.settle(
                    Settlement.succeeded(
                        running,
                        huge,
                        false,
                        new AttemptLog(0, "", "[]", "done"),
                        List.of(child("analyzer", parentId, "e1")))))
        .isInstanceOfSatisfying(
            StateTooLargeException.class,
            e -> {
              assertThat(e.cap()).isEqualTo(1024 * 1024);
              assertThat(e.bytes()).isGreaterThan(e.cap());
              assertThat(e).hasMessageContaining("state of plugin " + PLUGIN);
            });

    assertThat(snapshot()).isEqualTo(before);
    assertThat(job(parentId).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.attempts(parentId)).isEmpty();
    assertThat(children(parentId)).isEmpty();
  }

  @Test
  void aFailureHalfwayThroughTheSettleLeavesNothingPartial() {
    // The second child breaks a constraint of the jobs table (an empty plugin name), after the
    // job row, the state, the log row and the first child were written inside the transaction.
    NewJob broken = NewJob.of("", "handle", "{}", SubmittedBy.ROUTE).withParent(parentId, "e2");
    Snapshot before = snapshot();

    assertThatThrownBy(
            () ->
                store.settle(
                    Settlement.succeeded(
                        running,
                        "{\"cursor\":\"b\"}",
                        false,
                        AttemptLog.EMPTY,
                        List.of(child("analyzer", parentId, "e1"), broken))))
        .isInstanceOf(QueueException.class)
        .hasMessageStartingWith("cannot settle job " + parentId + " attempt 1 in ")
        .hasMessageContaining("CHECK constraint failed");

    assertThat(snapshot()).isEqualTo(before);

    // The writer is not left inside the failed transaction: the same attempt settles cleanly.
    store.settle(
        success(running, "{\"cursor\":\"c\"}", List.of(child("analyzer", parentId, "e1"))));
    assertThat(job(parentId).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(store.get(PLUGIN)).isEqualTo("{\"cursor\":\"c\",\"token\":\"t\"}");
    assertThat(children(parentId)).hasSize(1);
  }

  @Test
  void invalidStateUpdatesAreRefusedBeforeAnythingIsWritten() {
    Snapshot before = snapshot();

    assertThatThrownBy(() -> store.settle(success(running, "[1,2]", List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state_updates of job " + parentId + " must be a JSON object, not ARRAY");

    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aFailedAttemptMayStillCarryStateAndChildren() {
    store.settle(
        new Settlement(
            parentId,
            1,
            JobStatus.FAILED,
            "partial",
            START.plusSeconds(60),
            "{\"cursor\":\"b\"}",
            false,
            AttemptLog.EMPTY,
            List.of(child("analyzer", parentId, "e1"))));

    assertThat(job(parentId).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(store.get(PLUGIN)).contains("\"cursor\":\"b\"");
    assertThat(children(parentId)).hasSize(1);
  }
}
