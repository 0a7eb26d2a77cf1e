package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What happened to one plugin process (SPEC §6). {@link ResponseClassifier} turns it into an {@link
 * InvocationOutcome}.
 *
 * <p>Exit status: exactly one of {@code exitCode} and {@code signal} is set once the leader has
 * ended. {@code exitCode} is the status the leader passed to {@code exit}, also when it exited on
 * its own during the kill grace; {@code signal} is the number of the signal that ended it,
 * including the runner's own SIGTERM or SIGKILL at the deadline. The JDK reports a death by signal
 * N as status 128+N, exactly like a shell's {@code $?}, so a plugin that calls {@code exit 137} is
 * reported as killed by signal 9: 129 to 192 are read as signals. Both are {@code null} only if the
 * leader could not be seen to end even after SIGKILL (a process stuck in the kernel).
 *
 * @param identity the spawned process
 * @param exitCode the leader's exit status, or {@code null} when a signal ended it
 * @param signal the signal that ended the leader, or {@code null} when it exited
 * @param timedOut the leader was still running at the deadline, so the runner sent SIGTERM to the
 *     group. Anything the plugin printed after that, even a complete response, belongs to a
 *     timed-out run. A leader that exited before the deadline is never a timeout, however long the
 *     runner then took to collect its output.
 * @param killedAfterGrace the leader was still running when the grace expired and got SIGKILL
 * @param stdout stdout, at most {@code limits().stdoutCap()} bytes
 * @param stdoutBytes how many bytes the plugin wrote to stdout in all
 * @param stdoutCapped the plugin wrote more than the cap; the excess was read and discarded
 * @param stderr stderr, at most {@code limits().stderrCap()} bytes
 * @param stderrBytes how many bytes the plugin wrote to stderr in all
 * @param stderrCapped the plugin wrote more than the stderr cap
 * @param elapsed from spawn until the run ended (the group gone and output collected)
 * @param limits the limits the process ran under
 */
public record ProcessResult(
    ProcessIdentity identity,
    Integer exitCode,
    Integer signal,
    boolean timedOut,
    boolean killedAfterGrace,
    byte[] stdout,
    long stdoutBytes,
    boolean stdoutCapped,
    byte[] stderr,
    long stderrBytes,
    boolean stderrCapped,
    Duration elapsed,
    ProcessLimits limits) {

  public ProcessResult {
    requireNonNull(identity, "identity is null");
    requireNonNull(stdout, "stdout is null");
    requireNonNull(stderr, "stderr is null");
    requireNonNull(elapsed, "elapsed is null");
    requireNonNull(limits, "limits is null");
    if (exitCode != null && signal != null) {
      throw new IllegalArgumentException("a process cannot both exit and die from a signal");
    }
    if (stdoutBytes < stdout.length || stderrBytes < stderr.length) {
      throw new IllegalArgumentException("byte counts are smaller than the captured output");
    }
  }

  /** The captured stdout as UTF-8 text (malformed bytes replaced). */
  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** The captured stderr as UTF-8 text (malformed bytes replaced). */
  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  /** Whether the leader exited on its own with status 0. */
  public boolean exitedCleanly() {
    return exitCode != null && exitCode == ExitCodes.OK;
  }

  @Override
  public String toString() {
    return "ProcessResult[pid="
        + identity.pid()
        + ", exitCode="
        + exitCode
        + ", signal="
        + signal
        + ", timedOut="
        + timedOut
        + ", killedAfterGrace="
        + killedAfterGrace
        + ", stdoutBytes="
        + stdoutBytes
        + (stdoutCapped ? " (capped)" : "")
        + ", stderrBytes="
        + stderrBytes
        + (stderrCapped ? " (capped)" : "")
        + ", elapsed="
        + elapsed
        + "]";
  }
}
