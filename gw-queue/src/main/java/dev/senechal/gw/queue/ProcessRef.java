package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The plugin process a running job spawned: enough to find it again after a daemon crash and to
 * tell it apart from an unrelated process that reused the pid (SPEC §9).
 */
public record ProcessRef(long pid, long processGroupId, Instant startedAt) {
  public ProcessRef {
    requireNonNull(startedAt, "startedAt is null");
    if (pid <= 0 || processGroupId <= 0) {
      throw new IllegalArgumentException("pid and process group id must be positive");
    }
  }
}
