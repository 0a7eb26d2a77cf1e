package dev.senechal.gw.protocol.plugin;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.EmittedEvent;
import dev.senechal.gw.protocol.LogEntry;
import dev.senechal.gw.protocol.PluginResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles a {@link PluginResponse}. JSON values (event payloads, state updates) are JSON text,
 * as everywhere in the protocol API; write them with the JSON library you like.
 *
 * <pre>{@code
 * ResponseBuilder.ok()
 *     .event("greeted", "{\"name\":\"Ada\"}")
 *     .stateUpdates("{\"greetings\":3}")
 *     .log("info", "greeted Ada")
 *     .result("greeted Ada")
 *     .build();
 * }</pre>
 */
public final class ResponseBuilder {
  private final String status;
  private final String error;
  private final boolean retry;
  private final List<EmittedEvent> events = new ArrayList<>();
  private final List<LogEntry> logs = new ArrayList<>();
  private String stateUpdates;
  private boolean stateReplace;
  private String result;

  private ResponseBuilder(String status, String error, boolean retry) {
    this.status = status;
    this.error = error;
    this.retry = retry;
  }

  /** An {@code ok} response. */
  public static ResponseBuilder ok() {
    return new ResponseBuilder(PluginResponse.OK, null, true);
  }

  /** An {@code error} response; {@code retry: false} makes the failure permanent. */
  public static ResponseBuilder error(String error, boolean retry) {
    return new ResponseBuilder(PluginResponse.ERROR, requireNonNull(error, "error is null"), retry);
  }

  /** An event of {@code type} with a JSON object payload. */
  public ResponseBuilder event(String type, String payloadJson) {
    events.add(EmittedEvent.of(type, payloadJson));
    return this;
  }

  /** An event with every field the protocol has; {@code null} leaves a field out. */
  public ResponseBuilder event(EmittedEvent event) {
    events.add(requireNonNull(event, "event is null"));
    return this;
  }

  /** State changes (a JSON object), shallow-merged into the stored state. */
  public ResponseBuilder stateUpdates(String objectJson) {
    this.stateUpdates = requireNonNull(objectJson, "objectJson is null");
    this.stateReplace = false;
    return this;
  }

  /** A new state (a JSON object) that replaces the stored one as a whole. */
  public ResponseBuilder replaceState(String objectJson) {
    this.stateUpdates = requireNonNull(objectJson, "objectJson is null");
    this.stateReplace = true;
    return this;
  }

  public ResponseBuilder log(String level, String message) {
    logs.add(new LogEntry(level, message));
    return this;
  }

  /** A short human summary, shown by {@code job show}. */
  public ResponseBuilder result(String summary) {
    this.result = summary;
    return this;
  }

  public PluginResponse build() {
    return new PluginResponse(status, error, retry, events, stateUpdates, stateReplace, logs,
        result);
  }
}
