package dev.senechal.gw.dispatch;

import static dev.senechal.gw.dispatch.TestPlugins.manifest;
import static dev.senechal.gw.dispatch.TestPlugins.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.PluginSpawnException;
import dev.senechal.gw.protocol.ProcessGroups;
import dev.senechal.gw.protocol.ProcessObserver;
import dev.senechal.gw.protocol.ProcessResult;
import dev.senechal.gw.protocol.ProcessSpec;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialDispatcherTest {
  private static final String APPEND =
      "#!/usr/bin/env bash\n"
          + "input=$(cat)\n"
          + "file=$(printf '%s' \"$input\" | sed -n 's/.*\"file\" *: *\"\\([^\"]*\\)\".*/\\1/p')\n"
          + "id=$(printf '%s' \"$input\" | sed -n 's/.*\"job_id\" *: *\"\\([^\"]*\\)\".*/\\1/p')\n"
          + "echo \"$id\" >> \"$file\"\n"
          + "echo '{\"status\":\"ok\"}'\n";

  @TempDir Path root;
  private DispatcherFixture gw;

  @BeforeEach
  void setUp() {
    gw = new DispatcherFixture(root);
  }

  @AfterEach
  void tearDown() throws Exception {
    gw.close();
  }

  private void script(String name, String body) throws Exception {
    write(gw.pluginsDir, name, manifest(name, 2, "run.sh", ""), body);
    gw.plugin(name, 3, Duration.ofSeconds(20));
  }

  private static String reply(String json) {
    return "#!/usr/bin/env bash\ncat >/dev/null\necho '" + json + "'\n";
  }

  @Test
  void runsJobsOneAtATimeInFifoOrder() throws Exception {
    script("append", APPEND);
    Path out = root.resolve("order.txt");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(gw.enqueue(NewJob.of("append", "poll", "{\"file\":\"" + out + "\"}",
          SubmittedBy.CLI)));
    }
    gw.drain();
    assertThat(Files.readAllLines(out)).containsExactlyElementsOf(ids);
    for (String id : ids) {
      assertThat(gw.store.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
  }

  /**
   * The dispatcher starts the next job's plugin ahead while it settles the current one; with two
   * plugins taking turns every head start is for the other plugin, and with new jobs arriving
   * meanwhile some guesses miss: order and outcomes stay the same.
   */
  @Test
  void pluginsTakingTurnsRunInFifoOrder() throws Exception {
    script("append", APPEND);
    script("append-too", APPEND);
    Path out = root.resolve("turns.txt");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(gw.enqueue(NewJob.of(i % 2 == 0 ? "append" : "append-too", "poll",
          "{\"file\":\"" + out + "\"}", SubmittedBy.CLI)));
    }
    gw.drain();
    assertThat(Files.readAllLines(out)).containsExactlyElementsOf(ids);
    for (String id : ids) {
      assertThat(gw.store.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
  }

  /**
   * While a job is settled, the plugin of the job claimed next is already being started: the
   * runner is asked to prepare it after the first plugin ran and before the second one runs.
   */
  @Test
  void theNextJobsPluginIsStartedAheadAfterTheCurrentOneRan() throws Exception {
    script("first", reply("{\"status\":\"ok\"}"));
    script("second", reply("{\"status\":\"ok\"}"));
    PluginProcessRunner real = gw.runner;
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    gw.runner =
        new PluginProcessRunner() {
          @Override
          public ProcessResult run(ProcessSpec spec, ProcessObserver observer) {
            calls.add("run " + spec.workingDirectory().getFileName());
            return real.run(spec, observer);
          }

          @Override
          public void prepare(ProcessSpec spec) {
            calls.add("prepare " + spec.workingDirectory().getFileName());
            real.prepare(spec);
          }
        };
    gw.enqueue(NewJob.of("first", "poll", "{}", SubmittedBy.CLI));
    gw.enqueue(NewJob.of("second", "poll", "{}", SubmittedBy.CLI));
    gw.drain();
    assertThat(calls).containsExactly("run first", "prepare second", "run second");
  }

  /**
   * SPEC §4, a settle may not be cheaper than durable: the store syncs a settle on its own thread
   * and reports it (here to a listener held on a latch) only once synced; the next plugin may be
   * spawned meanwhile but must not get its request (so cannot act) before that.
   */
  @Test
  void theNextPluginGetsItsRequestOnlyAfterThePreviousSettleIsSyncedAndReported()
      throws Exception {
    Path started = root.resolve("second-started.txt");
    script("first", reply("{\"status\":\"ok\"}"));
    // Touches the file once it has read its request (stdin closed after it).
    script("second", "#!/usr/bin/env bash\ncat >/dev/null\ntouch " + started + "\n"
        + "echo '{\"status\":\"ok\"}'\n");
    String first = gw.enqueue(NewJob.of("first", "poll", "{}", SubmittedBy.CLI));
    String second = gw.enqueue(NewJob.of("second", "poll", "{}", SubmittedBy.CLI));
    Dispatcher dispatcher = gw.dispatcher();
    CountDownLatch release = new CountDownLatch(1);
    gw.store.addSettleListener(
        settled -> {
          if (settled.job().id().equals(first)) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    dispatcher.start();
    try {
      awaitSecondClaimedAndFirstUnreported(started);
    } finally {
      release.countDown();
    }
    gw.completion(second).get(30, TimeUnit.SECONDS);
    assertThat(started).exists();
  }

  private static void awaitSecondClaimedAndFirstUnreported(Path started) {
    // The dispatcher has claimed the second job (and spawned its plugin) and now waits for the
    // first one's report before writing the request.
    Thread loop =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("gw-dispatcher"))
            .findFirst()
            .orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!waitsForReport(loop)) {
      assertThat(System.nanoTime()).as("dispatcher waiting for the report").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(started).as("the second plugin ran before the first settle was reported")
        .doesNotExist();
  }

  private static boolean waitsForReport(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getMethodName().equals("awaitReported")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void shallowMergesStateUpdatesAndReplacesWhenAsked() throws Exception {
    script("merge", reply("{\"status\":\"ok\",\"state_updates\":{\"b\":{\"new\":true},\"c\":3}}"));
    script("replace", reply(
        "{\"status\":\"ok\",\"state_updates\":{\"only\":1},\"state_replace\":true}"));
    gw.store.replace("merge", "{\"a\":1,\"b\":{\"old\":true}}");
    gw.store.replace("replace", "{\"a\":1,\"b\":2}");
    gw.enqueue(NewJob.of("merge", "poll", "{}", SubmittedBy.CLI));
    gw.enqueue(NewJob.of("replace", "poll", "{}", SubmittedBy.CLI));
    gw.drain();
    assertThat(gw.store.get("merge")).isEqualTo("{\"a\":1,\"b\":{\"new\":true},\"c\":3}");
    assertThat(gw.store.get("replace")).isEqualTo("{\"only\":1}");
  }

  @Test
  void stateOverOneMegabyteFailsTheJobAndKeepsTheOldState() throws Exception {
    script(
        "hoarder",
        "#!/usr/bin/env bash\ncat >/dev/null\n"
            + "big=$(head -c 1100000 /dev/zero | tr '\\0' x)\n"
            + "printf '{\"status\":\"ok\",\"state_updates\":{\"blob\":\"%s\"}}' \"$big\"\n");
    gw.store.replace("hoarder", "{\"kept\":true}");
    String id = gw.enqueue(NewJob.of("hoarder", "poll", "{}", SubmittedBy.CLI));
    gw.drain();
    Job job = gw.store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.DEAD);
    assertThat(job.lastError()).contains("state of plugin hoarder").contains("over the cap");
    assertThat(gw.store.get("hoarder")).isEqualTo("{\"kept\":true}");
  }

  @Test
  void aHungPluginTimesOutAndNothingOfItsProcessGroupSurvives() throws Exception {
    script(
        "stuck",
        "#!/usr/bin/env bash\ncat >/dev/null\ntrap '' TERM\n"
            + "echo $$ > " + root.resolve("stuck.pid") + "\n"
            + "( trap '' TERM; sleep 300 ) &\n"
            + "while true; do sleep 1; done\n");
    gw.plugin("stuck", 1, Duration.ofMillis(700));
    String id = gw.enqueue(NewJob.of("stuck", "poll", "{}", SubmittedBy.CLI).withMaxAttempts(1));
    Instant before = Instant.now();
    gw.drain();
    Job job = gw.store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.DEAD);
    assertThat(job.lastError()).contains("dead after 1 of 1 attempts").contains("timed out");
    List<JobLogEntry> attempts = gw.store.attempts(id);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).status())
        .as("the attempt itself timed out; the job is dead because none is left")
        .isEqualTo(JobStatus.TIMED_OUT);
    assertThat(attempts.get(0).error()).contains("timed out");
    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(20));
    // The plugin leads its own group (setsid): its pid is the group id.
    long group = Long.parseLong(Files.readString(root.resolve("stuck.pid")).trim());
    assertThat(new ProcessGroups().members(group)).isEmpty();
  }

  @Test
  void aRetryableFailureIsRequeuedWithBackoffAndAPermanentOneIsDead() throws Exception {
    script("flaky", "#!/usr/bin/env bash\ncat >/dev/null\necho 'try later' >&2\nexit 75\n");
    script("misconfigured", "#!/usr/bin/env bash\ncat >/dev/null\nexit 78\n");
    String flaky = gw.enqueue(NewJob.of("flaky", "poll", "{}", SubmittedBy.CLI));
    String broken = gw.enqueue(NewJob.of("misconfigured", "poll", "{}", SubmittedBy.CLI));
    gw.dispatcher().runOnce();
    gw.dispatcher().runOnce();
    Job retried = gw.store.find(flaky).orElseThrow();
    assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(retried.lastError()).contains("75");
    assertThat(retried.nextRetryAt()).isAfter(Instant.now().minusSeconds(5));
    assertThat(gw.store.attempts(flaky).get(0).stderr()).contains("try later");
    Job dead = gw.store.find(broken).orElseThrow();
    assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
    assertThat(dead.lastError()).contains("78");
  }

  @Test
  void aJobForAnUnknownPluginOrCommandIsDeadWithTheReason() throws Exception {
    script("known", reply("{\"status\":\"ok\"}"));
    String unknown = gw.enqueue(NewJob.of("nobody", "poll", "{}", SubmittedBy.CLI));
    String badCommand = gw.enqueue(NewJob.of("known", "explode", "{}", SubmittedBy.CLI));
    gw.drain();
    assertThat(gw.store.find(unknown).orElseThrow().lastError()).contains("nobody is not loaded");
    assertThat(gw.store.find(badCommand).orElseThrow().lastError())
        .contains("does not support command 'explode'");
  }

  @Test
  void aHandleJobWhosePayloadIsNotAnEventEnvelopeIsDeadWithTheReason() throws Exception {
    script("consumer", reply("{\"status\":\"ok\"}"));
    gw.dispatcher().start();
    String bare = gw.enqueue(NewJob.of("consumer", "handle", "{\"n\":1}", SubmittedBy.API));
    String after = gw.enqueue(NewJob.of("consumer", "poll", "{}", SubmittedBy.API));

    Job dead = gw.completion(bare).get(20, TimeUnit.SECONDS);
    assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
    assertThat(dead.lastError())
        .contains("payload of this handle job is not an event envelope")
        .contains("\"type\"")
        .contains("not retried");
    assertThat(gw.store.find(bare).orElseThrow().status()).isEqualTo(JobStatus.DEAD);
    assertThat(gw.completion(after).get(20, TimeUnit.SECONDS).status())
        .as("the dispatcher goes on with the next job")
        .isEqualTo(JobStatus.SUCCEEDED);
    assertThat(gw.store.attempts(bare))
        .as("the plugin never ran for it")
        .allSatisfy(a -> assertThat(a.exitCode()).isNull());
  }

  @Test
  void aPluginThatCannotBeStartedIsRetriedNotLeftRunning() throws Exception {
    script("unstartable", reply("{\"status\":\"ok\"}"));
    gw.runner =
        (spec, observer) -> {
          throw new PluginSpawnException("fork failed: resource temporarily unavailable", null);
        };
    String id = gw.enqueue(NewJob.of("unstartable", "poll", "{}", SubmittedBy.CLI));
    assertThat(gw.dispatcher().runOnce()).isTrue();
    Job job = gw.store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.attempt()).isEqualTo(2);
    assertThat(job.lastError()).contains("could not start the plugin: fork failed");
  }

  @Test
  void anUnexpectedErrorAfterTheClaimDeadLettersTheJobInsteadOfLeavingItRunning()
      throws Exception {
    script("producer", reply(
        "{\"status\":\"ok\",\"events\":[{\"type\":\"thing\",\"payload\":{}}]}"));
    gw.router =
        (parent, events) -> {
          throw new IllegalStateException("routing table is broken");
        };
    String id = gw.enqueue(NewJob.of("producer", "poll", "{}", SubmittedBy.CLI));
    assertThat(gw.dispatcher().runOnce()).isTrue();
    Job job = gw.store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.DEAD);
    assertThat(job.lastError())
        .contains("failed to dispatch this job")
        .contains("routing table is broken");
  }

  @Test
  void emittedEventsBecomeChildJobsInTheSameSettle() throws Exception {
    script("producer", reply(
        "{\"status\":\"ok\",\"events\":[{\"type\":\"thing\",\"payload\":{\"n\":1}}]}"));
    script("consumer", reply("{\"status\":\"ok\"}"));
    gw.router =
        (parent, events) ->
            events.stream()
                .map(e -> NewJob.of("consumer", "handle",
                    "{\"type\":\"" + e.type() + "\",\"event_id\":\"event-1\",\"source\":\"producer\","
                        + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"payload\":" + e.payload() + "}",
                    SubmittedBy.ROUTE).withParent(parent.id(), "event-1"))
                .toList();
    String parent = gw.enqueue(NewJob.of("producer", "poll", "{}", SubmittedBy.CLI));
    gw.drain();
    List<Job> all = gw.store.list(dev.senechal.gw.queue.JobQuery.all(10));
    Job child = all.stream().filter(j -> j.plugin().equals("consumer")).findFirst().orElseThrow();
    assertThat(child.parentJobId()).isEqualTo(parent);
    assertThat(child.status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aPluginReceivesTheRequestEnvelopeOfItsProtocolOnStdin() throws Exception {
    Path captured = root.resolve("captured");
    Files.createDirectories(captured);
    String capture =
        "#!/usr/bin/env bash\n"
            + "input=$(cat)\n"
            + "id=$(printf '%s' \"$input\" | sed -n 's/.*\"job_id\" *: *\"\\([^\"]*\\)\".*/\\1/p')\n"
            + "printf '%s' \"$input\" > " + captured + "/\"$id\".json\n"
            + "echo '{\"status\":\"ok\"}'\n";
    write(gw.pluginsDir, "v1", manifest("v1", 1, "run.sh", ""), capture);
    write(gw.pluginsDir, "v2", manifest("v2", 2, "run.sh", ""), capture);
    gw.plugin("v1", 3, Duration.ofSeconds(20)).plugin("v2", 3, Duration.ofSeconds(20));
    gw.store.replace("v1", "{\"cursor\":7}");
    Instant before = Instant.now();
    String v1 = gw.enqueue(NewJob.of("v1", "poll", "{\"ignored\":true}", SubmittedBy.CLI));
    String v2 =
        gw.enqueue(NewJob.of("v2", "poll", "{\"page\":2}", SubmittedBy.CLI)
            .withContext("{\"origin_source\":\"cli\"}"));
    String handle =
        gw.enqueue(NewJob.of("v2", "handle",
            "{\"type\":\"thing\",\"payload\":{\"n\":1},\"event_id\":\"e-1\","
                + "\"source\":\"producer\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            SubmittedBy.ROUTE));
    gw.drain();

    ObjectMapper json = new ObjectMapper();
    JsonNode one = json.readTree(captured.resolve(v1 + ".json").toFile());
    assertThat(one.path("protocol").asInt()).isEqualTo(1);
    assertThat(one.path("job_id").asText()).isEqualTo(v1);
    assertThat(one.path("command").asText()).isEqualTo("poll");
    assertThat(one.path("config").isObject()).isTrue();
    assertThat(one.path("state").path("cursor").asInt()).isEqualTo(7);
    assertThat(Instant.parse(one.path("deadline_at").asText())).isAfter(before);
    assertThat(one.has("context")).as("protocol 1 has no context").isFalse();

    JsonNode two = json.readTree(captured.resolve(v2 + ".json").toFile());
    assertThat(two.path("protocol").asInt()).isEqualTo(2);
    assertThat(two.path("payload").path("page").asInt()).isEqualTo(2);
    assertThat(two.path("context").path("origin_source").asText()).isEqualTo("cli");
    assertThat(two.path("context").path("ductile_plugin").asText()).isEqualTo("v2");

    JsonNode event = json.readTree(captured.resolve(handle + ".json").toFile()).path("event");
    assertThat(event.path("type").asText()).isEqualTo("thing");
    assertThat(event.path("event_id").asText()).isEqualTo("e-1");
    assertThat(event.path("payload").path("n").asInt()).isEqualTo(1);
  }

  @Test
  void anEventBreakingARuleFailsItsJobAndNothingOfTheResponseIsCommitted() throws Exception {
    script("forger", reply("{\"status\":\"ok\",\"state_updates\":{\"x\":1},"
        + "\"events\":[{\"type\":\"fine\"},{\"type\":\"sneaky\","
        + "\"context\":{\"origin_source\":\"forged\"}}]}"));
    script("consumer", reply("{\"status\":\"ok\"}"));
    gw.router =
        dev.senechal.gw.router.Router.configured(
            new dev.senechal.gw.router.RouteTable() {
              @Override
              public List<dev.senechal.gw.router.Route> routes() {
                return List.of(
                    new dev.senechal.gw.router.Route("forger", "fine", "consumer", "handle"),
                    new dev.senechal.gw.router.Route("forger", "sneaky", "consumer", "handle"));
              }

              @Override
              public int maxAttempts(String plugin) {
                return 3;
              }
            },
            new dev.senechal.gw.protocol.ProtocolCodec(),
            Clock.systemUTC());
    String id =
        gw.enqueue(NewJob.of("forger", "poll", "{}", SubmittedBy.CLI)
            .withContext("{\"origin_source\":\"cli\"}"));
    gw.drain();

    Job job = gw.store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.DEAD);
    assertThat(job.lastError())
        .isEqualTo("event 1 (type 'sneaky'): context key 'origin_source' cannot be changed once"
            + " set (origin_ keys are fixed; it is \"cli\") (not retried)");
    assertThat(gw.store.get("forger")).as("no state_updates applied").isEqualTo("{}");
    assertThat(gw.store.children(id)).as("not even the valid event's child").isEmpty();
  }

  @Test
  void aResponsesResultIsAddedToTheEventsItEmits() throws Exception {
    script("producer", reply("{\"status\":\"ok\",\"result\":\"3 new items\","
        + "\"events\":[{\"type\":\"a\",\"payload\":{\"n\":1}},"
        + "{\"type\":\"b\",\"payload\":{\"result\":\"mine\"}}]}"));
    List<String> payloads = new ArrayList<>();
    gw.router =
        (parent, events) -> {
          events.forEach(e -> payloads.add(e.payload()));
          return List.of();
        };
    gw.enqueue(NewJob.of("producer", "poll", "{}", SubmittedBy.CLI));
    gw.drain();

    assertThat(payloads)
        .containsExactly("{\"n\":1,\"result\":\"3 new items\"}", "{\"result\":\"mine\"}");
  }

  @Test
  void wakesAtOnceOnAnEnqueueInThisProcess() throws Exception {
    script("quick", reply("{\"status\":\"ok\"}"));
    gw.idlePoll = Duration.ofHours(1);
    gw.dispatcher().start();
    String id = gw.enqueue(NewJob.of("quick", "poll", "{}", SubmittedBy.API));
    // The idle poll is an hour: only the enqueue notification can have woken the loop.
    Job job = gw.completion(id).get(20, TimeUnit.SECONDS);
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void findsWorkEnqueuedByAnotherProcessWithinItsIdlePoll() throws Exception {
    script("quick", reply("{\"status\":\"ok\"}"));
    gw.dispatcher().start();
    String id;
    try (QueueStore other =
        QueueStore.openSqlite(StoreConfig.defaults(root.resolve("state.db")),
            Clock.systemUTC())) {
      id = other.enqueue(NewJob.of("quick", "poll", "{}", SubmittedBy.CLI)).jobId();
    }
    Job job = gw.completion(id).get(20, TimeUnit.SECONDS);
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void recordsThePluginProcessOnTheRunningJob() throws Exception {
    script("sleeper", "#!/usr/bin/env bash\ncat >/dev/null\nsleep 2\necho '{\"status\":\"ok\"}'\n");
    gw.dispatcher().start();
    String id = gw.enqueue(NewJob.of("sleeper", "poll", "{}", SubmittedBy.CLI));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Job running = null;
    while (System.nanoTime() < deadline) {
      running = gw.store.find(id).orElseThrow();
      if (running.process() != null) {
        break;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(running.process()).isNotNull();
    assertThat(running.process().pid()).isEqualTo(running.process().processGroupId());
    assertThat(ProcessHandle.of(running.process().pid())).isPresent();
    assertThat(gw.completion(id).get(20, TimeUnit.SECONDS).status())
        .isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aJobThatFinishesWithinTheShutdownGraceIsRecordedSucceeded() throws Exception {
    script("sleeper", "#!/usr/bin/env bash\ncat >/dev/null\nsleep 1\necho '{\"status\":\"ok\"}'\n");
    gw.dispatcher().start();
    String id = gw.enqueue(NewJob.of("sleeper", "poll", "{}", SubmittedBy.CLI));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gw.store.find(id).orElseThrow().status() == JobStatus.QUEUED
        && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    gw.dispatcher().stop(Duration.ofSeconds(10));
    assertThat(gw.store.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aJobStillRunningAfterTheGraceIsKilledAndLeftForRecovery() throws Exception {
    script("sleeper", "#!/usr/bin/env bash\ncat >/dev/null\nsleep 30\necho '{\"status\":\"ok\"}'\n");
    gw.dispatcher().start();
    String id = gw.enqueue(NewJob.of("sleeper", "poll", "{}", SubmittedBy.CLI));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gw.store.find(id).orElseThrow().process() == null && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    Job running = gw.store.find(id).orElseThrow();
    gw.dispatcher().stop(Duration.ofMillis(300));
    assertThat(gw.store.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(new ProcessGroups().members(running.process().processGroupId())).isEmpty();
  }
}
