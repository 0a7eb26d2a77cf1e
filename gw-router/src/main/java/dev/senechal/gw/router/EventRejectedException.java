package dev.senechal.gw.router;

/**
 * An emitted event broke a rule of SPEC §7 (payload over 1 MB, context over 64 KB, an {@code
 * origin_} key rewritten). The producing job fails with this message and nothing of its response
 * is committed: no state, no children.
 */
public final class EventRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int index;

  public EventRejectedException(int index, String type, String rule) {
    super("event " + index + " (type '" + type + "'): " + rule);
    this.index = index;
  }

  /** The position of the event in the response's {@code events}, from 0. */
  public int index() {
    return index;
  }
}
