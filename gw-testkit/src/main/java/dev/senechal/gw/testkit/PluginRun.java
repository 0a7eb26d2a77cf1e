package dev.senechal.gw.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.protocol.EmittedEvent;
import dev.senechal.gw.protocol.InvocationOutcome;
import dev.senechal.gw.protocol.LogEntry;
import dev.senechal.gw.protocol.PluginResponse;
import dev.senechal.gw.protocol.ProcessResult;
import dev.senechal.gw.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One run of a plugin command through {@link PluginHarness}: the process result, the daemon's
 * verdict on it, and helpers that state what a test expects. Every {@code assert…} method throws
 * {@link AssertionError} with the verdict and the plugin's stderr, so a failing test says why.
 */
public final class PluginRun {
  private static final ObjectMapper JSON = ProtocolCodec.newMapper();

  private final String plugin;
  private final String command;
  private final String stateBefore;
  private final ProcessResult result;
  private final InvocationOutcome outcome;

  PluginRun(
      String plugin,
      String command,
      String stateBefore,
      ProcessResult result,
      InvocationOutcome outcome) {
    this.plugin = plugin;
    this.command = command;
    this.stateBefore = stateBefore;
    this.result = result;
    this.outcome = outcome;
  }

  public String command() {
    return command;
  }

  /** Whether the daemon would record this run {@code succeeded}: exit 0 and a valid ok response. */
  public boolean succeeded() {
    return outcome.succeeded();
  }

  /** Why the daemon would fail this run (its {@code last_error}), or {@code null} if it succeeded. */
  public String error() {
    return outcome instanceof InvocationOutcome.Failed failed ? failed.error() : null;
  }

  /** Whether the daemon would retry this failure; {@code false} for a success. */
  public boolean retryable() {
    return outcome instanceof InvocationOutcome.Failed failed && failed.retryable();
  }

  /** The parsed response, or {@code null} when stdout held none that was valid. */
  public PluginResponse response() {
    if (outcome instanceof InvocationOutcome.Succeeded ok) {
      return ok.response();
    }
    return ((InvocationOutcome.Failed) outcome).response();
  }

  /** The exit code, or {@code null} when a signal ended the plugin. */
  public Integer exitCode() {
    return result.exitCode();
  }

  /** The signal that ended the plugin, or {@code null}. */
  public Integer signal() {
    return result.signal();
  }

  /** Whether the plugin was still running at its deadline. */
  public boolean timedOut() {
    return result.timedOut();
  }

  /** stdout as text (up to the 10 MB cap). */
  public String stdout() {
    return new String(result.stdout(), StandardCharsets.UTF_8);
  }

  /** stderr as text (up to the 1 MB cap). */
  public String stderr() {
    return result.stderrText();
  }

  public Duration duration() {
    return result.elapsed();
  }

  /** The emitted events, in order; empty when there is no valid response. */
  public List<EmittedEvent> events() {
    PluginResponse response = response();
    return response == null ? List.of() : response.events();
  }

  /** The emitted events of one type. */
  public List<EmittedEvent> events(String type) {
    return events().stream().filter(e -> e.type().equals(type)).toList();
  }

  /** The response's log lines; empty when there is no valid response. */
  public List<LogEntry> logs() {
    PluginResponse response = response();
    return response == null ? List.of() : response.logs();
  }

  /** The response's {@code result} summary, or {@code null}. */
  public String result() {
    PluginResponse response = response();
    return response == null ? null : response.result();
  }

  /**
   * The plugin's state as the daemon would store it after this run: the state before with {@code
   * state_updates} merged in (top-level keys replaced) or, with {@code state_replace}, replaced. A
   * failed run leaves the state as it was.
   */
  public String stateAfter() {
    PluginResponse response = response();
    if (!succeeded() || response == null || response.stateUpdates() == null) {
      return stateBefore;
    }
    if (response.stateReplace()) {
      return response.stateUpdates();
    }
    try {
      ObjectNode merged = (ObjectNode) JSON.readTree(stateBefore);
      merged.setAll((ObjectNode) JSON.readTree(response.stateUpdates()));
      return JSON.writeValueAsString(merged);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("state is not JSON", e);
    }
  }

  /** Passes when the daemon would record the run succeeded. */
  public PluginRun assertSucceeded() {
    if (!succeeded()) {
      throw failure("expected " + plugin + " " + command + " to succeed, but: " + error());
    }
    return this;
  }

  /** Passes when the daemon would fail the run; returns this for further checks of {@link #error}. */
  public PluginRun assertFailed() {
    if (succeeded()) {
      throw failure("expected " + plugin + " " + command + " to fail, but it succeeded");
    }
    return this;
  }

  /** Passes when the run failed and its error contains {@code fragment}. */
  public PluginRun assertFailedWith(String fragment) {
    assertFailed();
    if (!error().contains(fragment)) {
      throw failure("expected the error of " + plugin + " " + command + " to contain '"
          + fragment + "', but it is: " + error());
    }
    return this;
  }

  /** Passes when exactly {@code count} events of {@code type} were emitted; returns them. */
  public List<EmittedEvent> assertEmitted(String type, int count) {
    List<EmittedEvent> found = events(type);
    if (found.size() != count) {
      throw failure("expected " + count + " event(s) of type '" + type + "' from " + plugin + " "
          + command + ", got " + found.size() + " (all: "
          + events().stream().map(EmittedEvent::type).toList() + ")");
    }
    return found;
  }

  private AssertionError failure(String message) {
    String stderr = stderr();
    return new AssertionError(
        message
            + (stderr.isBlank() ? "" : "\n--- plugin stderr ---\n" + stderr.stripTrailing())
            + (succeeded() || response() != null ? "" : "\n--- plugin stdout ---\n"
                + preview(stdout())));
  }

  private static String preview(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "… (" + text.length()
        + " characters)";
  }

  @Override
  public String toString() {
    return plugin + " " + command + ": " + (succeeded() ? "succeeded" : "failed: " + error());
  }
}
