package dev.senechal.gw.protocol.plugin;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.ExitCodes;

/**
 * A failure a plugin reports on purpose; {@link PluginMain} answers it with an {@code error}
 * response and the exit code of its {@link Kind}.
 */
public final class PluginFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure, and so how the daemon treats it. */
  public enum Kind {
    /** Worth retrying later (network down, upstream 503): exit 75, {@code retry: true}. */
    TEMPORARY(ExitCodes.TEMPFAIL, true),
    /** Retrying cannot help (missing or bad config): exit 78, {@code retry: false}, to dead. */
    CONFIGURATION(ExitCodes.CONFIG, false);

    private final int exitCode;
    private final boolean retry;

    Kind(int exitCode, boolean retry) {
      this.exitCode = exitCode;
      this.retry = retry;
    }

    public int exitCode() {
      return exitCode;
    }

    public boolean retry() {
      return retry;
    }
  }

  private final Kind kind;

  public PluginFailureException(Kind kind, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  /** A temporary failure: exit 75, retried with backoff. */
  public static PluginFailureException temporary(String message, Throwable cause) {
    return new PluginFailureException(Kind.TEMPORARY, message, cause);
  }

  /** A temporary failure: exit 75, retried with backoff. */
  public static PluginFailureException temporary(String message) {
    return temporary(message, null);
  }

  /** A configuration problem: exit 78, never retried. */
  public static PluginFailureException configuration(String message) {
    return new PluginFailureException(Kind.CONFIGURATION, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
