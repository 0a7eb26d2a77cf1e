package dev.senechal.gw.queue;

import java.time.Instant;
import java.util.Optional;

/** Persisted schedule timings (SPEC §5). */
public interface ScheduleStore {

  Optional<ScheduleEntry> find(String plugin, String schedule);

  /** Stores the drawn next run without firing (first sight of a schedule, or a window snap). */
  void setNextRun(String plugin, String schedule, Instant nextRun);

  /**
   * Fires a schedule: enqueues {@code job} (unless {@code null}, when only the timing advances) and
   * stores {@code firedAt} as the last run and {@code nextRun}, in one transaction.
   *
   * @return the enqueue result, or empty when {@code job} was {@code null}
   */
  Optional<EnqueueResult> fire(String plugin, String schedule, Instant firedAt, Instant nextRun,
      NewJob job);
}
