package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

/** How one plugin invocation ended, as {@link ResponseClassifier} judged it. */
public sealed interface InvocationOutcome {

  /** Whether the invocation succeeded. */
  boolean succeeded();

  /** Exit 0 with a valid {@code ok} response. */
  record Succeeded(PluginResponse response) implements InvocationOutcome {
    public Succeeded {
      requireNonNull(response, "response is null");
    }

    @Override
    public boolean succeeded() {
      return true;
    }
  }

  /**
   * Anything else.
   *
   * @param kind what went wrong
   * @param error the text for the job's {@code last_error}: exactly which rule or exit status
   * @param retryable whether the job may run again ({@code false}: straight to dead)
   * @param response the plugin's valid response when it printed one (its logs, result and error are
   *     worth keeping), else {@code null}
   */
  record Failed(FailureKind kind, String error, boolean retryable, PluginResponse response)
      implements InvocationOutcome {
    public Failed {
      requireNonNull(kind, "kind is null");
      requireNonNull(error, "error is null");
    }

    @Override
    public boolean succeeded() {
      return false;
    }
  }
}
