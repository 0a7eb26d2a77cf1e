package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A spawned plugin process, recorded on its running job (SPEC §6, §9): enough to find its process
 * group again after a daemon crash and to tell the process apart from an unrelated one that reused
 * its pid.
 *
 * @param pid the plugin's pid (the process group and session leader)
 * @param processGroupId its process group id; equal to {@code pid} for plugins the runner spawned
 * @param startedAt the leader's start time as {@link ProcessHandle.Info#startInstant()} reports it:
 *     derived from the kernel's start time of the process, so the same process yields the same
 *     instant when looked up again later, from any JVM
 */
public record ProcessIdentity(long pid, long processGroupId, Instant startedAt) {
  public ProcessIdentity {
    requireNonNull(startedAt, "startedAt is null");
    if (pid <= 0 || processGroupId <= 0) {
      throw new IllegalArgumentException(
          "pid and process group id must be positive, got " + pid + " and " + processGroupId);
    }
  }
}
