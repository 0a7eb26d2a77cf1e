package dev.senechal.gw.queue;

/** Who produced a settled attempt (see {@link SettledAttempt}). */
public enum SettleSource {
  /** The dispatcher settled an attempt it ran (or could not run: plugin gone, command unknown). */
  DISPATCH,
  /** Crash recovery found the attempt {@code running} at start (SPEC §9). */
  RECOVERY,
  /** A reload took the job's plugin away while the job was queued (SPEC §9). */
  RELOAD;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
