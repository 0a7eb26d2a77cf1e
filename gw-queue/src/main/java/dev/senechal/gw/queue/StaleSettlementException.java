package dev.senechal.gw.queue;

/**
 * A settle arrived for an attempt that is no longer current (the job was recovered, retried or
 * settled meanwhile). Nothing was written (SPEC §9, fencing).
 */
public class StaleSettlementException extends QueueException {
  public StaleSettlementException(String jobId, int attempt, String actual) {
    super("refused settle of job " + jobId + " attempt " + attempt + ": the job is now " + actual);
  }
}
