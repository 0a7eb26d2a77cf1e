package dev.senechal.gw.queue;

/** A store operation failed; the message says which and on what job or plugin. */
public class QueueException extends RuntimeException {
  public QueueException(String message) {
    super(message);
  }

  public QueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
