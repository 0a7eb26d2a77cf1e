package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The response a plugin writes to stdout (SPEC §6), after validation by {@link
 * ProtocolCodec#decodeResponse}. Defaults are applied: {@code retry} true, {@code state_replace}
 * false, empty {@code events} and {@code logs}.
 *
 * @param status {@code ok} or {@code error}
 * @param error the plugin's error text, or {@code null}
 * @param retry whether a failure may be retried ({@code retry: false} makes it permanent)
 * @param events the emitted events, in order
 * @param stateUpdates the state changes, JSON object text, or {@code null} for none
 * @param stateReplace whether {@code stateUpdates} replaces the whole state instead of being
 *     shallow-merged
 * @param logs the plugin's log lines
 * @param result a short human summary, or {@code null}
 */
public record PluginResponse(
    String status,
    String error,
    boolean retry,
    List<EmittedEvent> events,
    String stateUpdates,
    boolean stateReplace,
    List<LogEntry> logs,
    String result) {

  public static final String OK = "ok";
  public static final String ERROR = "error";

  public PluginResponse {
    requireNonNull(status, "status is null");
    if (!status.equals(OK) && !status.equals(ERROR)) {
      throw new IllegalArgumentException("status must be ok or error, got " + status);
    }
    events = List.copyOf(requireNonNull(events, "events is null"));
    logs = List.copyOf(requireNonNull(logs, "logs is null"));
  }

  /** A bare {@code ok} response with an optional result summary. */
  public static PluginResponse ok(String result) {
    return new PluginResponse(OK, null, true, List.of(), null, false, List.of(), result);
  }

  /** A bare {@code error} response. */
  public static PluginResponse error(String error, boolean retry) {
    return new PluginResponse(ERROR, error, retry, List.of(), null, false, List.of(), null);
  }

  /** Whether {@code status} is {@code ok}. */
  public boolean isOk() {
    return status.equals(OK);
  }
}
