package dev.senechal.gw.cli;

import static dev.senechal.gw.cli.DaemonProcess.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job retry} and {@code job trace}, black-box against the real jar, no daemon: the jobs are
 * written into the store through the queue's public API, as the daemon would have left them.
 */
class ReplayIT {
  @TempDir Path dir;

  private String config() throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n"
            + "  ok: {}\n"
            + "  exit-code: {}\n");
    return file.toString();
  }

  /** Works on the store the config names, closing it before any CLI command runs. */
  private <T> T store(Function<QueueStore, T> work) {
    StoreConfig store = StoreConfig.defaults(dir.resolve("data").resolve("state.db"));
    try (QueueStore queue = QueueStore.openSqlite(store, Clock.systemUTC())) {
      return work.apply(queue);
    }
  }

  private static Job claim(QueueStore store, String expectedId) {
    Job job = store.claimNext().orElseThrow();
    assertThat(job.id()).isEqualTo(expectedId);
    return job;
  }

  /** A job that ran once and was dead-lettered, as the dispatcher leaves it. */
  private static String dead(QueueStore store, String plugin, String payload) {
    String id =
        store.enqueue(NewJob.of(plugin, "poll", payload, SubmittedBy.SCHEDULER).withMaxAttempts(1))
            .jobId();
    Job settled =
        store.settle(
            Settlement.failed(
                claim(store, id), JobStatus.FAILED, "exit status 78", Instant.now(),
                AttemptLog.EMPTY));
    assertThat(settled.status()).isEqualTo(JobStatus.DEAD);
    return id;
  }

  private static String succeeded(QueueStore store, String plugin) {
    String id = store.enqueue(NewJob.of(plugin, "poll", "{}", SubmittedBy.CLI)).jobId();
    store.settle(Settlement.succeeded(claim(store, id), null, false, AttemptLog.EMPTY, List.of()));
    return id;
  }

  @Test
  void aDeadJobIsRetriedByIdAsALinkedJobOnceWithTheOriginalOrAnEditedPayload() throws Exception {
    String config = config();
    String deadId = store(s -> dead(s, "exit-code", "{\"code\":78}"));
    String other = store(s -> dead(s, "exit-code", "{\"code\":78}"));
    String done = store(s -> succeeded(s, "ok"));

    Finished retry = cli(config, "job", "retry", deadId, "--json");
    assertThat(retry.exitCode()).as(retry.stderr()).isZero();
    String newId = retry.json().path("job_id").asText();
    assertThat(newId).isNotBlank().isNotEqualTo(deadId);
    assertThat(retry.json().path("retry_of").asText()).isEqualTo(deadId);

    JsonNode replay = cli(config, "job", "show", newId, "--json").json();
    assertThat(replay.path("retry_of").asText()).isEqualTo(deadId);
    assertThat(replay.path("status").asText()).isEqualTo("queued");
    assertThat(replay.path("attempt").asInt()).isEqualTo(1);
    assertThat(replay.path("max_attempts").asInt()).isEqualTo(1);
    assertThat(replay.path("submitted_by").asText()).isEqualTo("cli");
    assertThat(replay.path("plugin").asText()).isEqualTo("exit-code");
    assertThat(replay.path("payload").path("code").asInt()).isEqualTo(78);
    JsonNode original = cli(config, "job", "show", deadId, "--json").json();
    assertThat(original.path("status").asText()).isEqualTo("dead");
    assertThat(original.path("retry_of").isNull()).isTrue();
    assertThat(original.path("retried_as").get(0).asText()).isEqualTo(newId);
    assertThat(cli(config, "job", "show", deadId).stdout()).contains("retried as " + newId);
    assertThat(cli(config, "job", "show", newId).stdout()).contains("retry of").contains(deadId);

    Finished again = cli(config, "job", "retry", deadId);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr())
        .contains("cannot retry job " + deadId)
        .contains("already retried as job " + newId);

    Path payload = dir.resolve("fixed.json");
    Files.writeString(payload, "{\"code\": 0, \"fixed\": true}");
    Finished edited = cli(config, "job", "retry", other, "--payload", "@" + payload);
    assertThat(edited.exitCode()).as(edited.stderr()).isZero();
    String editedId = edited.stdout().strip();
    JsonNode editedJob = cli(config, "job", "show", editedId, "--json").json();
    assertThat(editedJob.path("payload").path("fixed").asBoolean()).isTrue();
    assertThat(editedJob.path("retry_of").asText()).isEqualTo(other);

    Finished refused = cli(config, "job", "retry", done);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains("cannot retry job " + done + ": it is succeeded");
    Finished queued = cli(config, "job", "retry", newId);
    assertThat(queued.exitCode()).isEqualTo(1);
    assertThat(queued.stderr()).contains("it is queued");

    Finished unknown = cli(config, "job", "retry", "no-such-job");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("no job no-such-job");
  }

  @Test
  void aBulkRetryNeedsStatusAndPluginShowsADryRunAndNeverReplaysAJobTwice() throws Exception {
    String config = config();
    String first = store(s -> dead(s, "exit-code", "{\"n\":1}"));
    String second = store(s -> dead(s, "exit-code", "{\"n\":2}"));
    String otherPlugin = store(s -> dead(s, "ok", "{}"));

    Finished dryRun =
        cli(config, "job", "retry", "--status", "dead", "--plugin", "exit-code", "--dry-run",
            "--json");
    assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
    JsonNode planned = dryRun.json();
    assertThat(planned.path("dry_run").asBoolean()).isTrue();
    assertThat(planned.path("retried")).hasSize(2);
    assertThat(planned.path("retried").get(0).path("retry_of").asText()).isEqualTo(first);
    assertThat(planned.path("retried").get(0).path("job_id").isNull()).isTrue();
    assertThat(planned.path("retried").get(1).path("retry_of").asText()).isEqualTo(second);
    Finished dryText =
        cli(config, "job", "retry", "--status", "dead", "--plugin", "exit-code", "--dry-run");
    assertThat(dryText.stdout())
        .contains(first)
        .contains(second)
        .doesNotContain(otherPlugin)
        .contains("would retry 2 of 2 dead jobs of plugin exit-code; nothing was enqueued");
    assertThat(cli(config, "job", "list", "--status", "queued", "--json").json().path("jobs"))
        .as("a dry run enqueues nothing")
        .isEmpty();

    Finished real =
        cli(config, "job", "retry", "--status", "dead", "--plugin", "exit-code", "--json");
    assertThat(real.exitCode()).as(real.stderr()).isZero();
    JsonNode done = real.json();
    assertThat(done.path("dry_run").asBoolean()).isFalse();
    assertThat(done.path("retried")).hasSize(2);
    assertThat(done.path("skipped")).isEmpty();
    JsonNode queued = cli(config, "job", "list", "--status", "queued", "--json").json();
    List<String> retryOf = new ArrayList<>();
    queued.path("jobs").forEach(j -> retryOf.add(j.path("retry_of").asText()));
    assertThat(retryOf).containsExactlyInAnyOrder(first, second);

    Finished repeated =
        cli(config, "job", "retry", "--status", "dead", "--plugin", "exit-code");
    assertThat(repeated.exitCode()).as(repeated.stderr()).isZero();
    assertThat(repeated.stdout())
        .contains("skipped: already retried as")
        .contains("retried 0 of 2 dead jobs of plugin exit-code");
    assertThat(cli(config, "job", "list", "--status", "queued", "--json").json().path("jobs"))
        .hasSize(2);
    assertThat(cli(config, "job", "retry", "--status", "failed", "--plugin", "ok").stdout())
        .contains("no failed jobs of plugin ok");
  }

  @Test
  void retryUsageErrorsExitTwo() throws Exception {
    String config = config();
    String deadId = store(s -> dead(s, "exit-code", "{}"));

    Finished both = cli(config, "job", "retry", deadId, "--status", "dead", "--plugin", "ok");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.stderr()).contains("not both");
    Finished statusOnly = cli(config, "job", "retry", "--status", "dead");
    assertThat(statusOnly.exitCode()).isEqualTo(2);
    assertThat(statusOnly.stderr()).contains("both --status and --plugin");
    assertThat(cli(config, "job", "retry", "--plugin", "ok").exitCode()).isEqualTo(2);
    assertThat(cli(config, "job", "retry").exitCode()).isEqualTo(2);
    assertThat(cli(config, "job", "retry", deadId, "--dry-run").exitCode()).isEqualTo(2);
    Finished succeeded = cli(config, "job", "retry", "--status", "succeeded", "--plugin", "ok");
    assertThat(succeeded.exitCode()).isEqualTo(2);
    assertThat(succeeded.stderr()).contains("failed, timed_out, dead");
    assertThat(cli(config, "job", "retry", "--status", "exploded", "--plugin", "ok").exitCode())
        .isEqualTo(2);
    Finished bulkPayload =
        cli(config, "job", "retry", "--status", "dead", "--plugin", "ok", "--payload", "{}");
    assertThat(bulkPayload.exitCode()).isEqualTo(2);
    Finished badPayload = cli(config, "job", "retry", deadId, "--payload", "[1]");
    assertThat(badPayload.exitCode()).isEqualTo(2);
    assertThat(badPayload.stderr()).contains("--payload must be a JSON object");
    assertThat(cli(config, "job", "trace").exitCode()).isEqualTo(2);

    JsonNode original = cli(config, "job", "show", deadId, "--json").json();
    assertThat(original.path("retried_as")).as("no usage error enqueued anything").isEmpty();
  }

  @Test
  void traceShowsTheWholeTreeFromAnyOfItsJobsWithTheContextKeysEachHopAdded() throws Exception {
    String config = config();
    String root =
        store(s -> s.enqueue(NewJob.of("ok", "poll", "{}", SubmittedBy.SCHEDULER)
            .withContext("{\"origin_source\":\"schedule\"}")).jobId());
    List<String> ids = store(s -> {
      Job rootJob = claim(s, root);
      NewJob a = NewJob.of("ok", "handle", "{}", SubmittedBy.ROUTE).withParent(root, "e-1")
          .withContext("{\"origin_source\":\"schedule\",\"channel\":\"c-1\"}");
      NewJob b = NewJob.of("exit-code", "handle", "{}", SubmittedBy.ROUTE).withParent(root, "e-2")
          .withContext("{\"origin_source\":\"schedule\"}");
      s.settle(Settlement.succeeded(rootJob, null, false, AttemptLog.EMPTY, List.of(a, b)));
      List<Job> children = s.children(root);
      Job aJob = claim(s, children.get(0).id());
      NewJob c = NewJob.of("exit-code", "handle", "{}", SubmittedBy.ROUTE)
          .withParent(aJob.id(), "e-3")
          .withContext("{\"origin_source\":\"schedule\",\"channel\":\"c-2\",\"thread\":\"t-9\"}");
      s.settle(Settlement.succeeded(aJob, null, false, AttemptLog.EMPTY, List.of(c)));
      Job bJob = claim(s, children.get(1).id());
      s.settle(Settlement.failed(bJob, JobStatus.FAILED, "exit status 3", null,
          AttemptLog.EMPTY));
      String cId = s.children(aJob.id()).get(0).id();
      return List.of(aJob.id(), bJob.id(), cId);
    });
    String a = ids.get(0);
    String b = ids.get(1);
    String c = ids.get(2);

    Finished text = cli(config, "job", "trace", c);
    assertThat(text.exitCode()).as(text.stderr()).isZero();
    List<String> lines = text.stdout().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .startsWith(root.substring(0, 8) + "  ok poll  succeeded  ")
        .contains("+{\"origin_source\":\"schedule\"}")
        .doesNotContain("◀");
    assertThat(lines.get(1))
        .startsWith("├─ " + a.substring(0, 8) + "  ok handle  succeeded  ")
        .endsWith("+{\"channel\":\"c-1\"}");
    assertThat(lines.get(2))
        .startsWith("│  └─ " + c.substring(0, 8) + "  exit-code handle  queued")
        .contains("+{\"channel\":\"c-2\",\"thread\":\"t-9\"}")
        .endsWith("◀ " + c);
    assertThat(lines.get(3))
        .startsWith("└─ " + b.substring(0, 8) + "  exit-code handle  failed  ")
        .doesNotContain("+{");

    Finished json = cli(config, "job", "trace", b, "--json");
    assertThat(json.exitCode()).as(json.stderr()).isZero();
    JsonNode tree = json.json();
    assertThat(tree.path("id").asText()).isEqualTo(root);
    assertThat(tree.path("status").asText()).isEqualTo("succeeded");
    assertThat(tree.path("duration_ms").isIntegralNumber()).isTrue();
    assertThat(tree.path("requested").asBoolean()).isFalse();
    assertThat(tree.path("context_added").path("origin_source").asText()).isEqualTo("schedule");
    JsonNode children = tree.path("children");
    assertThat(children).hasSize(2);
    JsonNode aNode = children.get(0);
    assertThat(aNode.path("id").asText()).isEqualTo(a);
    assertThat(aNode.path("parent_job_id").asText()).isEqualTo(root);
    assertThat(aNode.path("context_added").toString()).isEqualTo("{\"channel\":\"c-1\"}");
    JsonNode cNode = aNode.path("children").get(0);
    assertThat(cNode.path("id").asText()).isEqualTo(c);
    assertThat(cNode.path("duration_ms").isNull()).isTrue();
    assertThat(cNode.path("context_added").toString())
        .isEqualTo("{\"channel\":\"c-2\",\"thread\":\"t-9\"}");
    assertThat(cNode.path("children")).isEmpty();
    JsonNode bNode = children.get(1);
    assertThat(bNode.path("id").asText()).isEqualTo(b);
    assertThat(bNode.path("requested").asBoolean()).isTrue();
    assertThat(bNode.path("status").asText()).isEqualTo("failed");
    assertThat(bNode.path("context_added").isEmpty()).isTrue();
    assertThat(bNode.path("retried_as")).isEmpty();

    String retry = cli(config, "job", "retry", b).stdout().strip();
    assertThat(cli(config, "job", "trace", a).stdout().lines().toList().get(3))
        .endsWith("(retried as " + retry.substring(0, 8) + ")");
    JsonNode retried = cli(config, "job", "trace", b, "--json").json().path("children").get(1);
    assertThat(retried.path("retried_as").get(0).asText()).isEqualTo(retry);
    Finished ofRetry = cli(config, "job", "trace", retry);
    assertThat(ofRetry.stdout().strip())
        .as("a retry is the root of its own tree and names what it replays")
        .contains("exit-code handle  queued")
        .contains("(retry of " + b.substring(0, 8) + ")")
        .endsWith("◀ " + retry);

    Finished unknown = cli(config, "job", "trace", "no-such-job");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("no job no-such-job");
  }
}
