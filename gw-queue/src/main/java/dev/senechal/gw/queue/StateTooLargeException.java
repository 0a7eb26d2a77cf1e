package dev.senechal.gw.queue;

/** The plugin state after a settle would exceed its cap; the settle was rolled back. */
public class StateTooLargeException extends QueueException {
  private final long bytes;
  private final long cap;

  public StateTooLargeException(String plugin, long bytes, long cap) {
    super("state of plugin " + plugin + " would be " + bytes + " bytes, over the cap of " + cap);
    this.bytes = bytes;
    this.cap = cap;
  }

  public long bytes() {
    return bytes;
  }

  public long cap() {
    return cap;
  }
}
