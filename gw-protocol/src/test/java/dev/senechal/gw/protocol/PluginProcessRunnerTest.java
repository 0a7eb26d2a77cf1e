package dev.senechal.gw.protocol;

import static dev.senechal.gw.protocol.TestPlugins.spec;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.protocol.InvocationOutcome.Failed;
import dev.senechal.gw.protocol.InvocationOutcome.Succeeded;
import dev.senechal.gw.protocol.internal.PosixProcessRunner;
import dev.senechal.gw.protocol.internal.ProcStat;
import dev.senechal.gw.protocol.internal.Procfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/** The process runner against the real test plugins in {@code testing/plugins}. */
class PluginProcessRunnerTest {
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  private final PluginProcessRunner posix = PluginProcessRunner.posix(Clock.systemUTC());
  private final List<ProcessResult> results = new ArrayList<>();

  /** The runner under test, remembering each result so a failing test can show its stderr. */
  private final PluginProcessRunner runner =
      (spec, observer) -> {
        ProcessResult result = posix.run(spec, observer);
        results.add(result);
        return result;
      };

  private final ResponseClassifier classifier = new ResponseClassifier();
  private final ProcessGroups groups = new ProcessGroups();
  private final Procfs procfs = new Procfs();

  @TempDir Path temp;

  @RegisterExtension
  final TestWatcher printStderrOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          for (ProcessResult result : results) {
            System.out.printf(
                "%s: %s%n--- stderr ---%n%s--- end ---%n",
                context.getDisplayName(), result, result.stderrText());
          }
        }
      };

  @AfterEach
  void closeRunner() {
    posix.close();
  }

  @Test
  void runsAPluginInAProcessGroupOfItsOwnAndReadsItsAnswer() {
    List<ProcessIdentity> seen = new ArrayList<>();
    ProcessResult result = runner.run(spec("ok", 2, "{}", TEN_SECONDS), seen::add);

    assertThat(seen).hasSize(1);
    ProcessIdentity identity = seen.get(0);
    assertThat(identity.pid()).isEqualTo(identity.processGroupId());
    assertThat(result.identity()).isEqualTo(identity);
    // The plugin itself reports its pid and its process group id as the kernel sees them.
    assertThat(result.stdoutText())
        .contains("pid=" + identity.pid() + " pgid=" + identity.pid() + "\"");
    assertThat(result.exitCode()).isZero();
    assertThat(result.signal()).isNull();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.stderrText()).isEqualTo("ok plugin: poll\n");
    assertThat(result.stderrBytes()).isEqualTo(result.stderr().length);
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
    Succeeded ok = (Succeeded) classifier.classify(result);
    assertThat(ok.response().stateUpdates()).isEqualTo("{\"runs\":1,\"last_command\":\"poll\"}");
    assertThat(ok.response().logs()).containsExactly(new LogEntry("info", "ok ran poll"));
  }

  @Test
  void theRecordedStartTimeIsTheOneProcFsGivesLater() {
    AtomicReference<Boolean> aliveWhileRunning = new AtomicReference<>();
    ProcessResult result =
        runner.run(
            spec("slow-ok", 2, "{\"seconds\":0.2}", TEN_SECONDS),
            identity -> aliveWhileRunning.set(groups.isAlive(identity)));

    assertThat(aliveWhileRunning.get()).isTrue();
    assertThat(groups.isAlive(result.identity())).isFalse();
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
  }

  @Test
  void aHungPluginIgnoringSigtermIsKilledAfterTheGrace() {
    ProcessResult result = runner.run(spec("hang", 1, null, ONE_SECOND));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.killedAfterGrace()).isTrue();
    assertThat(result.signal()).isEqualTo(9);
    assertThat(result.exitCode()).isNull();
    assertThat(result.elapsed()).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5));
    assertThat(groups.members(result.identity().processGroupId())).isEmpty();
    assertThat(classifier.classify(result))
        .isEqualTo(
            new Failed(
                FailureKind.TIMEOUT,
                "timed out after 1s (SIGTERM, then SIGKILL after 1s grace)",
                true,
                null));
  }

  @Test
  void childrenAndReparentedGrandchildrenDieWithTheGroup() {
    ProcessResult result = runner.run(spec("fork-hang", 1, null, ONE_SECOND));

    List<Long> grandchildren = grandchildren(result);
    assertThat(grandchildren).hasSize(2);
    assertThat(result.timedOut()).isTrue();
    assertThat(result.killedAfterGrace()).isTrue();
    assertThat(groups.members(result.identity().processGroupId())).isEmpty();
    for (long pid : grandchildren) {
      assertThat(isGone(pid)).as("grandchild %d is gone", pid).isTrue();
    }
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theDefaultGraceIsFiveSeconds() {
    ProcessSpec spec =
        spec("fork-hang", 1, null, Duration.ofMillis(500))
            .withKillGrace(ProcessLimits.DEFAULT_KILL_GRACE);

    ProcessResult result = runner.run(spec);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.killedAfterGrace()).isTrue();
    assertThat(result.elapsed()).isBetween(Duration.ofMillis(5400), Duration.ofSeconds(9));
    assertThat(groups.members(result.identity().processGroupId())).isEmpty();
    assertThat(grandchildren(result))
        .hasSize(2)
        .allSatisfy(pid -> assertThat(isGone(pid)).isTrue());
    assertThat(((Failed) classifier.classify(result)).error())
        .isEqualTo("timed out after 500ms (SIGTERM, then SIGKILL after 5s grace)");
  }

  @Test
  void aCompleteAnswerWrittenDuringTheGraceIsStillATimeout() {
    ProcessResult result =
        runner.run(
            spec("sigterm-late", 1, null, Duration.ofMillis(500))
                .withKillGrace(Duration.ofSeconds(3)));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.killedAfterGrace()).isFalse();
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdoutText()).contains("\"status\":\"ok\"");
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
    assertThat(classifier.classify(result))
        .isEqualTo(
            new Failed(
                FailureKind.TIMEOUT,
                "timed out after 500ms (SIGTERM; exited during the 3s grace)",
                true,
                null));
  }

  @Test
  void aPluginFinishingJustBeforeItsDeadlineSucceeds() {
    ProcessResult result =
        runner.run(spec("slow-ok", 2, "{\"seconds\":0.7}", Duration.ofMillis(1200)));

    assertThat(result.timedOut()).isFalse();
    assertThat(result.elapsed()).isGreaterThan(Duration.ofMillis(700));
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
  }

  @Test
  void twoHundredMegabytesOfStdoutAreDrainedWithFlatMemory() throws Exception {
    List<Thread> ioThreads = new ArrayList<>();
    var pool =
        java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "test-plugin-io");
              thread.setDaemon(true);
              synchronized (ioThreads) {
                ioThreads.add(thread);
              }
              return thread;
            });
    var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    try (PluginProcessRunner flooding =
        new dev.senechal.gw.protocol.internal.PosixProcessRunner(pool, Clock.systemUTC())) {
      flooding.run(spec("flood", 2, "{\"mb\":1}", TEN_SECONDS)); // warm up the pool and JIT
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      long allocatedBefore = allocated(threads, ioThreads);

      ProcessResult result = flooding.run(spec("flood", 2, "{\"mb\":200}", TEN_SECONDS));

      long allocated = allocated(threads, ioThreads) - allocatedBefore;
      assertThat(result.stdoutCapped()).isTrue();
      assertThat(result.stdoutBytes()).isEqualTo(200L * 1024 * 1024);
      assertThat(result.stdout()).hasSize(ProcessLimits.DEFAULT_STDOUT_CAP);
      assertThat(result.exitCode()).isZero();
      assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
      assertThat(((Failed) classifier.classify(result)).error())
          .isEqualTo("stdout exceeded the 10 MB cap (wrote 209715200 bytes)");
      result = null;
      System.gc();
      long growth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
      System.out.printf(
          "flood 200 MB: heap growth after the run %.1f MB, reader threads allocated %.1f MB%n",
          growth / 1048576.0, allocated / 1048576.0);
      assertThat(growth).isLessThan(16L * 1024 * 1024);
      // Reading 200 MB costs the capture (10 MB, grown by doubling) and one buffer, not 200 MB.
      assertThat(allocated).isLessThan(40L * 1024 * 1024);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pastTheCapTheOutputIsCountedAndDiscardedWithoutBlocking() {
    ProcessResult result =
        runner.run(spec("flood", 2, "{\"mb\":20}", TEN_SECONDS).withCaps(1024, 1024));

    assertThat(result.stdout()).hasSize(1024).containsOnly((byte) 'x');
    assertThat(result.stdoutBytes()).isEqualTo(20L * 1024 * 1024);
    assertThat(result.stdoutCapped()).isTrue();
    assertThat(result.exitCode()).isZero();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
    assertThat(classifier.classify(result))
        .isEqualTo(
            new Failed(
                FailureKind.STDOUT_CAP,
                "stdout exceeded the 1 KB cap (wrote 20971520 bytes)",
                true,
                null));
  }

  @Test
  void stderrOverItsCapIsTruncatedButNotAFailure() throws IOException {
    Path plugin =
        script(
            "chatty",
            "cat >/dev/null\n"
                + "head -c 300000 /dev/zero | tr '\\0' e >&2\n"
                + "echo '{\"status\":\"ok\"}'\n");

    ProcessResult result = runner.run(spec(plugin, 1, null, TEN_SECONDS).withCaps(1024, 100_000));

    assertThat(result.stderrCapped()).isTrue();
    assertThat(result.stderr()).hasSize(100_000);
    assertThat(result.stderrBytes()).isEqualTo(300_000);
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
  }

  @Test
  void exitStatusesAndSignalsAreClassified() {
    assertThat(runExitCode("{\"code\":0,\"respond\":\"ok\"}")).isInstanceOf(Succeeded.class);
    assertThat(runExitCode("{\"code\":0}"))
        .isEqualTo(
            new Failed(
                FailureKind.PROTOCOL, "stdout is empty; expected one JSON object", true, null));
    assertThat(runExitCode("{\"code\":75}"))
        .isEqualTo(new Failed(FailureKind.EXIT_CODE, "exit 75 (EX_TEMPFAIL)", true, null));
    assertThat(runExitCode("{\"code\":78}"))
        .isEqualTo(
            new Failed(
                FailureKind.PERMANENT, "exit 78 (EX_CONFIG): permanent failure", false, null));
    assertThat(runExitCode("{\"code\":1}"))
        .isEqualTo(new Failed(FailureKind.EXIT_CODE, "exit 1", true, null));
    assertThat(runExitCode("{\"signal\":\"KILL\"}"))
        .isEqualTo(new Failed(FailureKind.SIGNAL, "killed by signal 9 (SIGKILL)", true, null));

    Failed withResponse = (Failed) runExitCode("{\"code\":3,\"respond\":\"error\"}");
    assertThat(withResponse.error()).isEqualTo("exit 3: exit-code plugin failed");
    assertThat(withResponse.retryable()).isTrue();
    assertThat(withResponse.response()).isNotNull();

    Failed errorStatus = (Failed) runExitCode("{\"code\":0,\"respond\":\"error\"}");
    assertThat(errorStatus.kind()).isEqualTo(FailureKind.PLUGIN_ERROR);
    assertThat(errorStatus.error()).isEqualTo("exit-code plugin failed");
    assertThat(errorStatus.retryable()).isTrue();

    Failed notRetried = (Failed) runExitCode("{\"code\":0,\"respond\":\"error\",\"retry\":false}");
    assertThat(notRetried.kind()).isEqualTo(FailureKind.PLUGIN_ERROR);
    assertThat(notRetried.retryable()).isFalse();
  }

  @Test
  void stdoutNoiseIsAProtocolViolation() {
    Failed failed = (Failed) classifier.classify(runner.run(spec("noise", 1, null, TEN_SECONDS)));

    assertThat(failed.kind()).isEqualTo(FailureKind.PROTOCOL);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.error())
        .startsWith("stdout is not JSON: Unrecognized token 'starting'")
        .endsWith(
            "(output: \"starting noise plugin\\n{\\\"status\\\":\\\"ok\\\",\\\"result\\\":"
                + "\\\"noisy\\\"}\\n\")");
  }

  @Test
  void aSecretOfTheDaemonDoesNotReachThePlugin() {
    Map<String, String> daemon = new java.util.HashMap<>(System.getenv());
    daemon.put("SENECHAL_DAEMON_SECRET", "hunter2");
    daemon.put("WANTED_BY_PLUGIN", "yes");
    daemon.put("HOME", "/home/gateway");
    ProcessSpec base = spec("env-dump", 1, null, TEN_SECONDS);
    ProcessSpec spec =
        new ProcessSpec(
            base.command(),
            base.workingDirectory(),
            PluginEnvironment.build(
                daemon, List.of("WANTED_BY_PLUGIN"), Map.of("PLUGIN_TOKEN", "t0ken")),
            base.stdin(),
            base.timeout(),
            base.killGrace(),
            base.stdoutCap(),
            base.stderrCap());

    Succeeded ok = (Succeeded) classifier.classify(runner.run(spec));

    List<String> names = List.of(ok.response().result().split(" "));
    assertThat(names).contains("PATH", "HOME", "WANTED_BY_PLUGIN", "PLUGIN_TOKEN");
    assertThat(names).doesNotContain("SENECHAL_DAEMON_SECRET");
    // Nothing else of the daemon's environment either: only what bash itself adds.
    assertThat(names)
        .isSubsetOf(
            "PATH",
            "HOME",
            "LANG",
            "TZ",
            "TMPDIR",
            "WANTED_BY_PLUGIN",
            "PLUGIN_TOKEN",
            "PWD",
            "OLDPWD",
            "SHLVL",
            "_");
  }

  @Test
  void aBackgroundChildHoldingStdoutIsTerminatedWhenTheLeaderExits() throws IOException {
    Path plugin =
        script(
            "leaves-child",
            "cat >/dev/null\n"
                + "( trap '' TERM; exec sleep 1000 ) &\n"
                + "echo \"grandchild $!\" >&2\n"
                + "echo '{\"status\":\"ok\",\"result\":\"done\"}'\n");

    ProcessResult result = runner.run(spec(plugin, 1, null, TEN_SECONDS));

    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isZero();
    assertThat(groups.members(result.identity().processGroupId())).isEmpty();
    assertThat(grandchildren(result))
        .hasSize(1)
        .allSatisfy(pid -> assertThat(isGone(pid)).isTrue());
    // TERM is ignored, so the child lasts the 1 s grace, far less than the 10 s timeout.
    assertThat(result.elapsed()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
  }

  /** A child that let go of stdout and stderr is found all the same, before the run returns. */
  @Test
  void aQuietBackgroundChildIsTerminatedBeforeTheRunReturns() throws IOException {
    Path plugin =
        script(
            "leaves-quiet-child",
            "cat >/dev/null\n"
                + "sleep 1000 </dev/null >/dev/null 2>&1 &\n"
                + "echo \"grandchild $!\" >&2\n"
                + "echo '{\"status\":\"ok\"}'\n");

    ProcessResult result = runner.run(spec(plugin, 1, null, TEN_SECONDS));

    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
    assertThat(grandchildren(result))
        .hasSize(1)
        .allSatisfy(pid -> assertThat(isGone(pid)).isTrue());
    assertThat(groups.members(result.identity().processGroupId())).isEmpty();
  }

  @Test
  void aPluginThatNeverReadsALargeStdinIsFine() throws IOException {
    Path plugin = script("deaf", "echo '{\"status\":\"ok\"}'\n");
    ProcessSpec base = spec(plugin, 1, null, TEN_SECONDS);
    byte[] large = new byte[8 * 1024 * 1024];
    ProcessSpec spec =
        new ProcessSpec(
            base.command(),
            base.workingDirectory(),
            base.environment(),
            large,
            base.timeout(),
            base.killGrace(),
            base.stdoutCap(),
            base.stderrCap());

    ProcessResult result = runner.run(spec);

    assertThat(result.exitCode()).isZero();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
  }

  @Test
  void aMissingEntrypointIsAnExitStatusWithTheReasonOnStderr() {
    ProcessSpec base = spec("ok", 1, null, TEN_SECONDS);
    ProcessSpec spec =
        new ProcessSpec(
            List.of(temp.resolve("missing.sh").toString()),
            base.workingDirectory(),
            base.environment(),
            base.stdin(),
            base.timeout(),
            base.killGrace(),
            base.stdoutCap(),
            base.stderrCap());

    ProcessResult result = runner.run(spec);

    assertThat(result.exitCode()).isEqualTo(127);
    assertThat(result.stderrText()).contains("missing.sh").contains("No such file");
    assertThat(((Failed) classifier.classify(result)).error()).isEqualTo("exit 127");
  }

  @Test
  void aMissingWorkingDirectoryCannotBeSpawned() {
    ProcessSpec base = spec("ok", 1, null, TEN_SECONDS);
    ProcessSpec spec =
        new ProcessSpec(
            base.command(),
            temp.resolve("nowhere"),
            base.environment(),
            base.stdin(),
            base.timeout(),
            base.killGrace(),
            base.stdoutCap(),
            base.stderrCap());

    assertThatThrownBy(() -> runner.run(spec))
        .isInstanceOf(PluginSpawnException.class)
        .hasMessageContaining("nowhere");
  }

  @Test
  void interruptingTheCallerKillsTheGroup() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<ProcessIdentity> identity = new AtomicReference<>();
    AtomicReference<Thread> caller = new AtomicReference<>();
    CompletableFuture<Throwable> thrown =
        CompletableFuture.supplyAsync(
            () -> {
              caller.set(Thread.currentThread());
              try {
                runner.run(
                    spec("fork-hang", 1, null, Duration.ofSeconds(30)),
                    id -> {
                      identity.set(id);
                      started.countDown();
                    });
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    caller.get().interrupt();

    assertThat(thrown.get(5, TimeUnit.SECONDS)).isInstanceOf(PluginRunInterruptedException.class);
    assertThat(groups.members(identity.get().processGroupId())).isEmpty();
  }

  @Test
  void anObserverThatThrowsGetsThePluginKilled() {
    AtomicReference<ProcessIdentity> identity = new AtomicReference<>();

    assertThatThrownBy(
            () ->
                runner.run(
                    spec("hang", 1, null, Duration.ofSeconds(30)),
                    id -> {
                      identity.set(id);
                      throw new IllegalStateException("cannot record the process");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot record the process");
    assertThat(groups.isAlive(identity.get())).isFalse();
  }

  /**
   * The dispatcher makes the previous settle durable inside the observer (SPEC §4): the plugin
   * runs meanwhile but has not been given its request, and the observer's time is not the
   * plugin's.
   */
  @Test
  void theObserverRunsBeforeThePluginHasItsRequestAndItsTimeIsNotThePlugins() throws IOException {
    Path plugin =
        script(
            "patient",
            "touch ready\ninput=$(cat)\nprintf '%s' \"$input\" > got\n"
                + "echo '{\"status\":\"ok\"}'\n");
    Duration timeout = Duration.ofMillis(300);
    AtomicReference<Boolean> hadRequest = new AtomicReference<>();

    ProcessResult result =
        runner.run(
            spec(plugin, 1, null, timeout),
            identity -> {
              long until = System.nanoTime() + TEN_SECONDS.toNanos();
              while (!Files.exists(plugin.resolve("ready")) && System.nanoTime() < until) {
                Thread.onSpinWait();
              }
              // Longer than the whole timeout: the run must still succeed.
              long past = System.nanoTime() + timeout.toNanos() * 2;
              while (System.nanoTime() < past) {
                Thread.onSpinWait();
              }
              hadRequest.set(Files.exists(plugin.resolve("got")));
            });

    assertThat(Files.exists(plugin.resolve("ready"))).as("the plugin ran meanwhile").isTrue();
    assertThat(hadRequest.get()).as("the plugin had its request during the observer").isFalse();
    assertThat(result.timedOut()).isFalse();
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
    assertThat(Files.readString(plugin.resolve("got"), UTF_8)).contains("\"job_id\":\"job-1\"");
  }

  @Test
  void aProcessStartedAheadIsTakenByTheNextRunOfTheSameLaunch() throws IOException {
    Path plugin = script("ahead", AHEAD);
    ProcessSpec spec = spec(plugin, 1, null, TEN_SECONDS);
    long aheadPid = startAhead(spec);

    assertThat(plugin.resolve("got")).as("a process started ahead has no request").doesNotExist();
    List<ProcessIdentity> seen = new ArrayList<>();
    ProcessResult result = runner.run(spec, seen::add);

    assertThat(result.identity().pid()).isEqualTo(aheadPid);
    assertThat(seen).containsExactly(result.identity());
    assertThat(result.identity().processGroupId()).isEqualTo(aheadPid);
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
    assertThat(Files.readString(plugin.resolve("got"), UTF_8)).contains("\"job_id\":\"job-1\"");
  }

  @Test
  void aProcessStartedAheadForAnotherLaunchIsKilledUnused() throws IOException {
    Path plugin = script("ahead-unused", AHEAD);
    long aheadPid = startAhead(spec(plugin, 1, null, TEN_SECONDS));

    ProcessResult other = runner.run(spec("ok", 2, "{}", TEN_SECONDS));

    assertThat(other.identity().pid()).isNotEqualTo(aheadPid);
    assertThat(classifier.classify(other)).isInstanceOf(Succeeded.class);
    assertThat(isGone(aheadPid)).isTrue();
    assertThat(plugin.resolve("got")).as("the unused process acted").doesNotExist();
  }

  @Test
  void closingTheRunnerKillsAProcessStartedAhead() throws IOException {
    Path plugin = script("ahead-closed", AHEAD);
    long aheadPid = startAhead(spec(plugin, 1, null, TEN_SECONDS));

    posix.close();

    assertThat(isGone(aheadPid)).isTrue();
    assertThat(plugin.resolve("got")).doesNotExist();
  }

  @Test
  void aProcessStartedAheadThatWaitedTooLongIsNotUsed() throws IOException {
    ProcessSpec spec = spec(script("ahead-stale", AHEAD), 1, null, TEN_SECONDS);
    long aheadPid = startAhead(spec);

    // Its script could have been replaced on disk by now.
    long past = System.nanoTime() + PosixProcessRunner.SPARE_MAX_AGE.toNanos();
    while (System.nanoTime() < past) {
      Thread.onSpinWait();
    }
    ProcessResult result = runner.run(spec);

    assertThat(result.identity().pid()).isNotEqualTo(aheadPid);
    assertThat(isGone(aheadPid)).isTrue();
    assertThat(classifier.classify(result)).isInstanceOf(Succeeded.class);
  }

  @Test
  void closingOnAnInterruptedThreadStillKillsAProcessStartedAhead() throws IOException {
    Path plugin = script("ahead-interrupted", AHEAD);
    long aheadPid = startAhead(spec(plugin, 1, null, TEN_SECONDS));

    Thread.currentThread().interrupt();
    try {
      posix.close();
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
    } finally {
      Thread.interrupted();
    }

    assertThat(isGone(aheadPid)).isTrue();
    assertThat(plugin.resolve("got")).doesNotExist();
  }

  /** Writes its pid at once, then waits for its request; "got" only once it has one. */
  private static final String AHEAD =
      "echo $$ > pid.tmp && mv pid.tmp pid\n"
          + "input=$(cat)\n"
          + "[ -n \"$input\" ] && printf '%s' \"$input\" > got\n"
          + "echo '{\"status\":\"ok\"}'\n";

  /** Prepares {@code spec} (an {@link #AHEAD} plugin) and returns the pid once it runs. */
  private long startAhead(ProcessSpec spec) throws IOException {
    posix.prepare(spec);
    Path pid = spec.workingDirectory().resolve("pid");
    long until = System.nanoTime() + TEN_SECONDS.toNanos();
    while (!Files.exists(pid)) {
      assertThat(System.nanoTime()).as("the process started ahead runs").isLessThan(until);
      Thread.onSpinWait();
    }
    return Long.parseLong(Files.readString(pid, UTF_8).trim());
  }

  private InvocationOutcome runExitCode(String payload) {
    return classifier.classify(runner.run(spec("exit-code", 2, payload, TEN_SECONDS)));
  }

  private Path script(String name, String body) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name));
    Path run = dir.resolve("run.sh");
    Files.writeString(run, "#!/usr/bin/env bash\n" + body, UTF_8);
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private static List<Long> grandchildren(ProcessResult result) {
    Matcher m = Pattern.compile("grandchild (\\d+)").matcher(result.stderrText());
    List<Long> pids = new ArrayList<>();
    while (m.find()) {
      pids.add(Long.parseLong(m.group(1)));
    }
    return pids;
  }

  /** Gone: no such process, or a zombie nobody reaped (it has exited). */
  private boolean isGone(long pid) {
    return procfs.stat(pid).map(ProcStat::isLive).map(live -> !live).orElse(true);
  }

  private static long allocated(com.sun.management.ThreadMXBean threads, List<Thread> pool) {
    long sum = 0;
    synchronized (pool) {
      for (Thread thread : pool) {
        long bytes = threads.getThreadAllocatedBytes(thread.getId());
        sum += Math.max(bytes, 0);
      }
    }
    return sum;
  }
}
