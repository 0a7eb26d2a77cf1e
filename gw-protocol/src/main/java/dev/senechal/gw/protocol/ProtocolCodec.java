package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.protocol.internal.ProtocolJson;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON codec of the plugin protocol (SPEC §6): request and response envelopes of protocol 1 and
 * 2, the event envelope a {@code handle} job carries, and stored log lines. It owns the protocol
 * {@code ObjectMapper} (unknown fields ignored, floats refused as integers, trailing tokens
 * refused); no Jackson type leaves this class.
 *
 * <p>Opaque values (config, state, payloads, context) are JSON text in the records and are embedded
 * in envelopes as JSON, never as strings. Text handed to the encoder must be valid JSON (config,
 * state and context must be objects); otherwise {@link IllegalArgumentException}.
 *
 * <p>Thread-safe.
 */
public final class ProtocolCodec {
  private final ObjectMapper mapper = ProtocolJson.newMapper();

  /** Reads one value and leaves what follows to the caller, which reports trailing data itself. */
  private final ObjectReader firstValue =
      mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Inject
  public ProtocolCodec() {}

  /**
   * A new mapper configured like the codec's own (unknown fields ignored, no float-as-int, trailing
   * tokens refused, exact numbers), for tools that read and print plugin JSON: the CLI, the
   * testkit.
   */
  public static ObjectMapper newMapper() {
    return ProtocolJson.newMapper();
  }

  /**
   * Encodes the request for a plugin's stdin. Protocol 1 gets neither {@code payload} nor {@code
   * context}. Protocol 2 always gets {@code context} ({@code {}} when the request has none) and
   * gets {@code payload} when it is non-null and the command is not {@code handle}. {@code event}
   * is written only when present; {@code deadline_at} is ISO-8601 UTC.
   */
  public byte[] encodeRequest(PluginRequest request) {
    requireNonNull(request, "request is null");
    boolean protocol2 = request.protocol() >= 2;
    return write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("protocol", request.protocol());
          g.writeStringField("job_id", request.jobId());
          g.writeStringField("command", request.command());
          writeJson(g, "config", request.config(), true);
          writeJson(g, "state", request.state(), true);
          if (protocol2 && request.payload() != null && !request.command().equals("handle")) {
            writeJson(g, "payload", request.payload(), false);
          }
          if (request.event() != null) {
            g.writeFieldName("event");
            writeEvent(g, request.event());
          }
          if (protocol2) {
            writeJson(g, "context", request.context() == null ? "{}" : request.context(), true);
          }
          g.writeStringField("deadline_at", request.deadlineAt().toString());
          g.writeEndObject();
        });
  }

  /**
   * Decodes a request envelope (for harnesses and fake plugins; the daemon only encodes them).
   *
   * @throws ProtocolViolationException when the bytes are not a request envelope
   */
  public PluginRequest decodeRequest(byte[] json) {
    requireNonNull(json, "json is null");
    Fields f = new Fields(json, "request");
    ObjectNode root = f.root();
    JsonNode protocol = root.get("protocol");
    if (protocol == null
        || !protocol.isInt()
        || protocol.intValue() < 1
        || protocol.intValue() > 2) {
      throw f.violation("request \"protocol\" must be 1 or 2");
    }
    JsonNode event = f.optional(root, "event");
    return new PluginRequest(
        protocol.intValue(),
        f.requiredText(root, "job_id", "request"),
        f.requiredText(root, "command", "request"),
        f.objectText(root, "config", "request", "{}"),
        f.objectText(root, "state", "request", "{}"),
        f.anyText(root, "payload"),
        event == null ? null : f.event(event, "request event"),
        f.objectText(root, "context", "request", null),
        f.instant(root, "deadline_at", "request"));
  }

  /**
   * Decodes and validates a plugin's stdout.
   *
   * @throws ProtocolViolationException naming the broken rule with an excerpt of the output, when
   *     stdout is empty, is not JSON, has data after the object, is not an object, lacks a {@code
   *     status} of {@code ok} or {@code error}, or has a field of the wrong type ({@code events}
   *     not an array, an event without a string {@code type}, {@code state_updates} not an object,
   *     {@code logs} not an array of {@code {level, message}}, {@code retry} not a boolean, ...)
   */
  public PluginResponse decodeResponse(byte[] stdout) {
    requireNonNull(stdout, "stdout is null");
    Fields f = new Fields(stdout, "response");
    ObjectNode root = f.root();
    JsonNode status = root.get("status");
    if (status == null || status.isNull()) {
      throw f.violation("response has no \"status\"; expected \"ok\" or \"error\"");
    }
    if (!status.isTextual()
        || !(status.textValue().equals(PluginResponse.OK)
            || status.textValue().equals(PluginResponse.ERROR))) {
      throw f.violation(
          "response \"status\" is "
              + ProtocolJson.shortForm(status)
              + "; expected \"ok\" or \"error\"");
    }
    List<EmittedEvent> events = new ArrayList<>();
    JsonNode eventsNode = f.optional(root, "events");
    if (eventsNode != null) {
      if (!eventsNode.isArray()) {
        throw f.violation(
            "response \"events\" must be an array, got " + ProtocolJson.kind(eventsNode));
      }
      for (int i = 0; i < eventsNode.size(); i++) {
        events.add(f.emitted(eventsNode.get(i), "events[" + i + "]"));
      }
    }
    List<LogEntry> logs = new ArrayList<>();
    JsonNode logsNode = f.optional(root, "logs");
    if (logsNode != null) {
      if (!logsNode.isArray()) {
        throw f.violation(
            "response \"logs\" must be an array of {level, message}, got "
                + ProtocolJson.kind(logsNode));
      }
      for (int i = 0; i < logsNode.size(); i++) {
        logs.add(f.log(logsNode.get(i), "logs[" + i + "]"));
      }
    }
    return new PluginResponse(
        status.textValue(),
        f.optionalText(root, "error", "response"),
        f.optionalBoolean(root, "retry", "response", true),
        events,
        f.objectText(root, "state_updates", "response", null),
        f.optionalBoolean(root, "state_replace", "response", false),
        logs,
        f.optionalText(root, "result", "response"));
  }

  /** Encodes a response as a plugin would write it (for harnesses and fake plugins). */
  public byte[] encodeResponse(PluginResponse response) {
    requireNonNull(response, "response is null");
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("status", response.status());
          if (response.error() != null) {
            g.writeStringField("error", response.error());
          }
          g.writeBooleanField("retry", response.retry());
          g.writeArrayFieldStart("events");
          for (EmittedEvent event : response.events()) {
            g.writeStartObject();
            g.writeStringField("type", event.type());
            if (event.payload() != null) {
              writeJson(g, "payload", event.payload(), false);
            }
            if (event.dedupeKey() != null) {
              g.writeStringField("dedupe_key", event.dedupeKey());
            }
            if (event.eventId() != null) {
              g.writeStringField("event_id", event.eventId());
            }
            if (event.context() != null) {
              writeJson(g, "context", event.context(), true);
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          if (response.stateUpdates() != null) {
            writeJson(g, "state_updates", response.stateUpdates(), true);
          }
          g.writeBooleanField("state_replace", response.stateReplace());
          writeLogs(g, "logs", response.logs());
          if (response.result() != null) {
            g.writeStringField("result", response.result());
          }
          g.writeEndObject();
        });
  }

  /**
   * The event envelope a {@code handle} job stores as its payload: {@code type}, {@code payload},
   * {@code event_id}, {@code source}, {@code timestamp} and, when set, {@code dedupe_key}.
   */
  public String encodeEvent(PluginEvent event) {
    requireNonNull(event, "event is null");
    return new String(write(g -> writeEvent(g, event)), StandardCharsets.UTF_8);
  }

  /**
   * Reads an event envelope written by {@link #encodeEvent}.
   *
   * @throws ProtocolViolationException when the text is not an event envelope
   */
  public PluginEvent decodeEvent(String json) {
    requireNonNull(json, "json is null");
    Fields f = new Fields(json.getBytes(StandardCharsets.UTF_8), "event");
    return f.event(f.root(), "event");
  }

  /** Log lines as a JSON array of {@code {level, message}}, for the job log. */
  public String encodeLogs(List<LogEntry> logs) {
    requireNonNull(logs, "logs is null");
    return new String(
        write(
            g -> {
              g.writeStartArray();
              for (LogEntry entry : logs) {
                writeLog(g, entry);
              }
              g.writeEndArray();
            }),
        StandardCharsets.UTF_8);
  }

  /**
   * Reads log lines written by {@link #encodeLogs}.
   *
   * @throws ProtocolViolationException when the text is not such an array
   */
  public List<LogEntry> decodeLogs(String json) {
    requireNonNull(json, "json is null");
    Fields f = new Fields(json.getBytes(StandardCharsets.UTF_8), "logs");
    JsonNode root = f.value();
    if (!root.isArray()) {
      throw f.violation("logs must be a JSON array, got " + ProtocolJson.kind(root));
    }
    List<LogEntry> logs = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      logs.add(f.log(root.get(i), "logs[" + i + "]"));
    }
    return List.copyOf(logs);
  }

  /**
   * The request the gateway sends a plugin for one command, by the rules of its manifest's
   * protocol (SPEC §6):
   *
   * <ul>
   *   <li>{@code handle} carries {@code event} and no {@code payload}; every other command carries
   *       {@code payload} (the encoder leaves it out for protocol 1) and no event.
   *   <li>Protocol 2 carries {@code context}: the job's context plus {@code ductile_plugin} (the
   *       plugin's name). For {@code handle}, the event's payload also gets each key of the job's
   *       context that it lacks (plugins written for Ductile read upstream context from there).
   *   <li>Protocol 1 carries no context.
   * </ul>
   *
   * @param payload the job's payload (JSON object) or {@code null}
   * @param event the event of a {@code handle} job, else {@code null}
   * @param context the job's context (JSON object) or {@code null}
   */
  public PluginRequest requestFor(
      PluginManifest manifest,
      String jobId,
      String command,
      String config,
      String state,
      String payload,
      PluginEvent event,
      String context,
      Instant deadline) {
    requireNonNull(manifest, "manifest is null");
    int protocol = manifest.protocol();
    boolean handle = command.equals("handle");
    PluginEvent sent = handle ? event : null;
    if (sent != null && protocol >= 2 && context != null) {
      sent =
          new PluginEvent(
              sent.type(),
              mergeMissing(sent.payload(), context),
              sent.eventId(),
              sent.source(),
              sent.timestamp(),
              sent.dedupeKey());
    }
    return new PluginRequest(
        protocol,
        jobId,
        command,
        config,
        state,
        handle ? null : payload,
        sent,
        protocol >= 2 ? withEntry(context, "ductile_plugin", manifest.name()) : null,
        deadline);
  }

  /**
   * The JSON object {@code objectJson} (or {@code {}} when {@code null}) with {@code key} set to
   * the string {@code value}, replacing any earlier value; key order is kept.
   *
   * @throws IllegalArgumentException when {@code objectJson} is not a JSON object
   */
  public String withEntry(String objectJson, String key, String value) {
    requireNonNull(key, "key is null");
    requireNonNull(value, "value is null");
    ObjectNode object = parseObject(objectJson, "object");
    object.put(key, value);
    return object.toString();
  }

  /**
   * The JSON object {@code objectJson} plus each top-level entry of {@code additionsJson} whose key
   * it lacks (entries it has are kept as they are). Either may be {@code null} for {@code {}}.
   *
   * @throws IllegalArgumentException when either is not a JSON object
   */
  public String mergeMissing(String objectJson, String additionsJson) {
    ObjectNode object = parseObject(objectJson, "object");
    ObjectNode additions = parseObject(additionsJson, "additions");
    Iterator<Map.Entry<String, JsonNode>> fields = additions.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      if (!object.has(entry.getKey())) {
        object.set(entry.getKey(), entry.getValue());
      }
    }
    return object.toString();
  }

  /**
   * The JSON object {@code objectJson} with each top-level entry of {@code additionsJson} set on
   * it, replacing an entry of the same key; new keys come last. Either may be {@code null} for
   * {@code {}}.
   *
   * @throws IllegalArgumentException when either is not a JSON object
   */
  public String overlay(String objectJson, String additionsJson) {
    ObjectNode object = parseObject(objectJson, "object");
    object.setAll(parseObject(additionsJson, "additions"));
    return object.toString();
  }

  /**
   * Each top-level entry of a JSON object as its key and the compact JSON text of its value, in
   * order; empty for {@code null}. For comparing values without caring about their layout.
   *
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public Map<String, String> entries(String objectJson) {
    ObjectNode object = parseObject(objectJson, "object");
    Map<String, String> entries = new java.util.LinkedHashMap<>();
    object.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().toString()));
    return Collections.unmodifiableMap(entries);
  }

  /**
   * The top-level keys of a JSON object, in order; empty for {@code null}.
   *
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public Set<String> objectKeys(String objectJson) {
    ObjectNode object = parseObject(objectJson, "object");
    Set<String> keys = new LinkedHashSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return Collections.unmodifiableSet(keys);
  }

  private ObjectNode parseObject(String json, String what) {
    if (json == null) {
      return mapper.createObjectNode();
    }
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          what
              + " must be a JSON object, got "
              + (node == null ? "nothing" : ProtocolJson.kind(node)));
    }
    return (ObjectNode) node;
  }

  private void writeEvent(JsonGenerator g, PluginEvent event) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", event.type());
    writeJson(g, "payload", event.payload(), false);
    g.writeStringField("event_id", event.eventId());
    g.writeStringField("source", event.source());
    g.writeStringField("timestamp", event.timestamp().toString());
    if (event.dedupeKey() != null) {
      g.writeStringField("dedupe_key", event.dedupeKey());
    }
    g.writeEndObject();
  }

  private static void writeLogs(JsonGenerator g, String field, List<LogEntry> logs)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (LogEntry entry : logs) {
      writeLog(g, entry);
    }
    g.writeEndArray();
  }

  private static void writeLog(JsonGenerator g, LogEntry entry) throws IOException {
    g.writeStartObject();
    g.writeStringField("level", entry.level());
    g.writeStringField("message", entry.message());
    g.writeEndObject();
  }

  /** Embeds JSON text as a JSON value after checking it is exactly one (object) value. */
  private void writeJson(JsonGenerator g, String field, String json, boolean object)
      throws IOException {
    requireNonNull(json, field + " is null");
    try (JsonParser p = mapper.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IllegalArgumentException(field + " is empty; expected JSON");
      }
      if (object && first != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(field + " must be a JSON object");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(field + " has data after its JSON value");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          field + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    g.writeFieldName(field);
    g.writeRawValue(json.strip());
  }

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private byte[] write(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = mapper.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /** Reads one JSON document and its fields, turning every mismatch into a violation. */
  private final class Fields {
    private final byte[] raw;
    private final String what;

    Fields(byte[] raw, String what) {
      this.raw = raw;
      this.what = what;
    }

    ProtocolViolationException violation(String rule) {
      return new ProtocolViolationException(rule, ProtocolJson.excerpt(raw, 0));
    }

    /** The single JSON value of the document. */
    JsonNode value() {
      if (isBlank(raw)) {
        throw new ProtocolViolationException(
            (what.equals("response") ? "stdout is empty" : what + " is empty")
                + "; expected one JSON object",
            "");
      }
      String source = what.equals("response") ? "stdout" : what;
      JsonNode node;
      try (JsonParser p = mapper.createParser(raw)) {
        try {
          node = firstValue.readTree(p);
        } catch (JsonProcessingException e) {
          throw new ProtocolViolationException(
              source + " is not JSON: " + e.getOriginalMessage() + location(e),
              ProtocolJson.excerpt(raw, 0),
              e);
        }
        long end = p.currentLocation().getByteOffset();
        boolean trailing;
        try {
          trailing = p.nextToken() != null;
        } catch (JsonProcessingException e) {
          trailing = true;
        }
        if (trailing) {
          long trailingAt = end;
          while (trailingAt < raw.length && isWhitespace(raw[(int) trailingAt])) {
            trailingAt++;
          }
          throw new ProtocolViolationException(
              source
                  + " has data after the JSON "
                  + (node.isObject() ? "object" : "value")
                  + " (at byte "
                  + trailingAt
                  + "); "
                  + source
                  + " must hold exactly one JSON object",
              ProtocolJson.excerpt(raw, trailingAt));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading from memory failed", e);
      }
      return node;
    }

    /** The document's single JSON object. */
    ObjectNode root() {
      JsonNode node = value();
      if (!node.isObject()) {
        String source = what.equals("response") ? "stdout" : what;
        throw violation(source + " is " + ProtocolJson.kind(node) + "; expected a JSON object");
      }
      return (ObjectNode) node;
    }

    /** A field's value, {@code null} when absent or JSON null. */
    JsonNode optional(JsonNode parent, String field) {
      JsonNode node = parent.get(field);
      return node == null || node.isNull() ? null : node;
    }

    String optionalText(JsonNode parent, String field, String where) {
      JsonNode node = optional(parent, field);
      if (node == null) {
        return null;
      }
      if (!node.isTextual()) {
        throw violation(
            where + " \"" + field + "\" must be a string, got " + ProtocolJson.shortForm(node));
      }
      return node.textValue();
    }

    String requiredText(JsonNode parent, String field, String where) {
      String text = optionalText(parent, field, where);
      if (text == null || text.isEmpty()) {
        throw violation(where + " has no string \"" + field + "\"");
      }
      return text;
    }

    boolean optionalBoolean(JsonNode parent, String field, String where, boolean absent) {
      JsonNode node = optional(parent, field);
      if (node == null) {
        return absent;
      }
      if (!node.isBoolean()) {
        throw violation(
            where
                + " \""
                + field
                + "\" must be a boolean (true or false), got "
                + ProtocolJson.shortForm(node));
      }
      return node.booleanValue();
    }

    /** An object field as JSON text, {@code absent} when missing or null. */
    String objectText(JsonNode parent, String field, String where, String absent) {
      JsonNode node = optional(parent, field);
      if (node == null) {
        return absent;
      }
      if (!node.isObject()) {
        throw violation(
            where + " \"" + field + "\" must be an object, got " + ProtocolJson.kind(node));
      }
      return node.toString();
    }

    /** Any JSON value as text, {@code null} when missing or null. */
    String anyText(JsonNode parent, String field) {
      JsonNode node = parent.get(field);
      return node == null || node.isNull() ? null : node.toString();
    }

    Instant instant(JsonNode parent, String field, String where) {
      String text = requiredText(parent, field, where);
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw violation(where + " \"" + field + "\" must be an ISO-8601 UTC instant, got " + text);
      }
    }

    EmittedEvent emitted(JsonNode node, String where) {
      if (!node.isObject()) {
        throw violation("response " + where + " must be an object, got " + ProtocolJson.kind(node));
      }
      JsonNode type = node.get("type");
      if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
        throw violation("response " + where + " has no string \"type\"");
      }
      String at = "response " + where;
      return new EmittedEvent(
          type.textValue(),
          objectText(node, "payload", at, null),
          optionalText(node, "dedupe_key", at),
          optionalText(node, "event_id", at),
          objectText(node, "context", at, null));
    }

    PluginEvent event(JsonNode node, String where) {
      if (!node.isObject()) {
        throw violation(where + " must be an object, got " + ProtocolJson.kind(node));
      }
      String payload = anyText(node, "payload");
      return new PluginEvent(
          requiredText(node, "type", where),
          payload == null ? "{}" : payload,
          requiredText(node, "event_id", where),
          requiredText(node, "source", where),
          instant(node, "timestamp", where),
          optionalText(node, "dedupe_key", where));
    }

    LogEntry log(JsonNode node, String where) {
      String prefix = what.equals("response") ? "response " : "";
      if (!node.isObject()
          || !node.path("level").isTextual()
          || !node.path("message").isTextual()) {
        throw violation(
            prefix
                + where
                + " must be an object with string \"level\" and \"message\", got "
                + ProtocolJson.shortForm(node));
      }
      return new LogEntry(node.get("level").textValue(), node.get("message").textValue());
    }

    private static boolean isBlank(byte[] bytes) {
      for (byte b : bytes) {
        if (!isWhitespace(b)) {
          return false;
        }
      }
      return true;
    }

    private static boolean isWhitespace(byte b) {
      return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private String location(JsonProcessingException e) {
      return e.getLocation() == null
          ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
  }
}
