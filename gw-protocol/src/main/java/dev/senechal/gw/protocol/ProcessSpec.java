package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to spawn and under which limits (SPEC §6).
 *
 * @param command the executable first, then its arguments
 * @param workingDirectory the plugin directory
 * @param environment the COMPLETE environment of the process; nothing is inherited from the daemon
 *     (see {@link PluginEnvironment})
 * @param stdin the bytes written to stdin before it is closed (the request envelope)
 * @param timeout from spawn to the deadline
 * @param killGrace from SIGTERM to SIGKILL
 * @param stdoutCap the most stdout bytes kept
 * @param stderrCap the most stderr bytes kept
 */
public record ProcessSpec(
    List<String> command,
    Path workingDirectory,
    Map<String, String> environment,
    byte[] stdin,
    Duration timeout,
    Duration killGrace,
    int stdoutCap,
    int stderrCap) {

  public ProcessSpec {
    command = List.copyOf(requireNonNull(command, "command is null"));
    requireNonNull(workingDirectory, "workingDirectory is null");
    environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    stdin = requireNonNull(stdin, "stdin is null").clone();
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command is empty");
    }
    new ProcessLimits(timeout, killGrace, stdoutCap, stderrCap); // checks the limits
  }

  /** A spec with the default kill grace (5 s) and caps (stdout 10 MB, stderr 1 MB). */
  public static ProcessSpec of(
      List<String> command,
      Path workingDirectory,
      Map<String, String> environment,
      byte[] stdin,
      Duration timeout) {
    return new ProcessSpec(
        command,
        workingDirectory,
        environment,
        stdin,
        timeout,
        ProcessLimits.DEFAULT_KILL_GRACE,
        ProcessLimits.DEFAULT_STDOUT_CAP,
        ProcessLimits.DEFAULT_STDERR_CAP);
  }

  /** This spec with another grace between SIGTERM and SIGKILL. */
  public ProcessSpec withKillGrace(Duration grace) {
    return new ProcessSpec(
        command, workingDirectory, environment, stdin, timeout, grace, stdoutCap, stderrCap);
  }

  /** This spec with other output caps. */
  public ProcessSpec withCaps(int stdoutBytes, int stderrBytes) {
    return new ProcessSpec(
        command,
        workingDirectory,
        environment,
        stdin,
        timeout,
        killGrace,
        stdoutBytes,
        stderrBytes);
  }

  /** This spec with another timeout. */
  public ProcessSpec withTimeout(Duration newTimeout) {
    return new ProcessSpec(
        command, workingDirectory, environment, stdin, newTimeout, killGrace, stdoutCap, stderrCap);
  }

  /** A copy of the stdin bytes. */
  @Override
  public byte[] stdin() {
    return stdin.clone();
  }

  /** The limits part of this spec. */
  public ProcessLimits limits() {
    return new ProcessLimits(timeout, killGrace, stdoutCap, stderrCap);
  }

  /** Leaves the environment out: it may hold secrets. */
  @Override
  public String toString() {
    return "ProcessSpec[command="
        + command
        + ", workingDirectory="
        + workingDirectory
        + ", stdin="
        + stdin.length
        + " bytes, "
        + limits()
        + "]";
  }
}
