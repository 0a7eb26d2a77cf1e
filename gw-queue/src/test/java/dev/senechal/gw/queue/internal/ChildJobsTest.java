package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.SubmittedBy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Children are unique per (parent job, source event id, plugin, command) (SPEC §6). */
class ChildJobsTest extends StoreTestSupport {

  @Test
  void aRetriedParentReEmittingAnEventDoesNotCreateItsChildrenTwice() {
    String parent = enqueue(poll(PLUGIN));
    Job first = claim();
    // The first attempt emitted e1 to two targets, then failed and is retried.
    store.settle(
        new Settlement(
            parent,
            1,
            JobStatus.FAILED,
            "exit status 75",
            START,
            null,
            false,
            AttemptLog.EMPTY,
            List.of(child("analyzer", parent, "e1"), child("notifier", parent, "e1"))));
    List<String> firstChildren = children(parent).stream().map(Job::id).toList();
    clock.advance(Duration.ofSeconds(1));
    Job second = claim();
    assertThat(second.id()).isEqualTo(parent);

    store.settle(
        success(
            second,
            null,
            List.of(
                child("analyzer", parent, "e1"),
                child("notifier", parent, "e1"),
                child("analyzer", parent, "e2"))));

    assertThat(children(parent)).hasSize(3).extracting(Job::id).containsAll(firstChildren);
    assertThat(children(parent))
        .filteredOn(c -> c.sourceEventId().equals("e2"))
        .singleElement()
        .extracting(Job::plugin)
        .isEqualTo("analyzer");
  }

  @Test
  void theSameEventToAnotherCommandOrPluginIsANewChild() {
    String parent = enqueue(poll(PLUGIN));

    List<EnqueueResult> results =
        List.of(
            store.enqueue(child("analyzer", parent, "e1")),
            store.enqueue(child("analyzer", parent, "e1").withMaxAttempts(2)),
            store.enqueue(
                NewJob.of("analyzer", "poll", "{}", SubmittedBy.ROUTE).withParent(parent, "e1")),
            store.enqueue(child("notifier", parent, "e1")),
            store.enqueue(child("analyzer", parent, "e2")));

    assertThat(results)
        .extracting(EnqueueResult::deduplicated)
        .containsExactly(false, true, false, false, false);
    assertThat(results.get(1).jobId()).isEqualTo(results.get(0).jobId());
    assertThat(children(parent)).hasSize(4);
  }

  @Test
  void childrenWithoutAnEventIdAreNeverTakenForDuplicates() {
    String parent = enqueue(poll(PLUGIN));
    NewJob noEvent =
        NewJob.of("analyzer", "handle", "{}", SubmittedBy.ROUTE).withParent(parent, null);

    store.enqueue(noEvent);
    store.enqueue(noEvent);

    assertThat(children(parent)).hasSize(2);
  }

  @Test
  void theSameEventOfTwoParentsMakesTwoChildren() {
    String one = enqueue(poll(PLUGIN));
    String two = enqueue(poll(PLUGIN));

    store.enqueue(child("analyzer", one, "e1"));
    store.enqueue(child("analyzer", two, "e1"));

    assertThat(children(one)).hasSize(1);
    assertThat(children(two)).hasSize(1);
  }
}
