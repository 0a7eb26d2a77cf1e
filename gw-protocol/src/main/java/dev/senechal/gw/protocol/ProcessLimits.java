package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The limits a plugin process runs under (SPEC §6).
 *
 * @param timeout from spawn to the deadline, when SIGTERM goes to the process group
 * @param killGrace from SIGTERM to SIGKILL
 * @param stdoutCap the most stdout bytes kept; the rest is read and discarded
 * @param stderrCap the most stderr bytes kept; the rest is read and discarded
 */
public record ProcessLimits(Duration timeout, Duration killGrace, int stdoutCap, int stderrCap) {
  /** SIGKILL follows SIGTERM after 5 s by default. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

  /** stdout is read up to 10 MB by default. */
  public static final int DEFAULT_STDOUT_CAP = 10 * 1024 * 1024;

  /** stderr is read up to 1 MB by default. */
  public static final int DEFAULT_STDERR_CAP = 1024 * 1024;

  public ProcessLimits {
    requireNonNull(timeout, "timeout is null");
    requireNonNull(killGrace, "killGrace is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException("killGrace must not be negative, got " + killGrace);
    }
    if (stdoutCap < 0 || stderrCap < 0) {
      throw new IllegalArgumentException("caps must not be negative");
    }
  }

  /** The default grace and caps with {@code timeout}. */
  public static ProcessLimits of(Duration timeout) {
    return new ProcessLimits(timeout, DEFAULT_KILL_GRACE, DEFAULT_STDOUT_CAP, DEFAULT_STDERR_CAP);
  }
}
