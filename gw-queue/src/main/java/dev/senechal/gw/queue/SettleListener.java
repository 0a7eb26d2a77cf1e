package dev.senechal.gw.queue;

/**
 * Told of every settled attempt this process commits ({@link JobQueue#settle}, {@link
 * JobQueue#recoverOrphans}, {@link JobQueue#deadLetterQueued}), once, after the write is durable,
 * in commit order, on the store's reporting thread. A listener must be quick and must not call
 * back into a settle; one that throws is logged and does not stop the others.
 */
@FunctionalInterface
public interface SettleListener {
  void settled(SettledAttempt settled);
}
