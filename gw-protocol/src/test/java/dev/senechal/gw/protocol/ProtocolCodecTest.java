package dev.senechal.gw.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG =
      "{\"client_id\":\"abc\",\"limits\":{\"max\":10,\"ratio\":0.25}}";
  private static final String STATE = "{\"cursor\":\"2026-02-08T09:00:00Z\",\"seen\":[1,2,3]}";
  private static final PluginEvent EVENT =
      new PluginEvent(
          "new_health_data",
          "{\"weight_kg\": 71.30, \"origin_channel\": \"#health\"}",
          "evt-42",
          "withings",
          Instant.parse("2026-02-08T09:59:58.123Z"),
          "withings:2026-02-08");

  private final ProtocolCodec codec = new ProtocolCodec();

  private static PluginManifest manifest(String name, int protocol) {
    return new PluginManifest(name, "1.0.0", protocol, "run.sh", null,
        java.util.Map.of("poll", CommandSpec.named("poll"), "handle", CommandSpec.named("handle")),
        List.of(), List.of());
  }

  @Test
  void requestForFollowsEachProtocolsRules() {
    Instant deadline = Instant.parse("2026-02-08T10:00:00Z");
    String context = "{\"origin_source\":\"webhook\",\"origin_channel\":\"#ops\"}";

    PluginRequest v2poll = codec.requestFor(manifest("p2", 2), "j1", "poll", "{}", "{}",
        "{\"page\":1}", null, context, deadline);
    assertThat(v2poll.payload()).isEqualTo("{\"page\":1}");
    assertThat(v2poll.event()).isNull();
    assertThat(v2poll.context())
        .isEqualTo("{\"origin_source\":\"webhook\",\"origin_channel\":\"#ops\","
            + "\"ductile_plugin\":\"p2\"}");

    PluginRequest v2handle = codec.requestFor(manifest("p2", 2), "j2", "handle", "{}", "{}",
        "{\"ignored\":true}", EVENT, context, deadline);
    assertThat(v2handle.payload()).isNull();
    assertThat(v2handle.event().type()).isEqualTo(EVENT.type());
    assertThat(v2handle.event().payload())
        .as("context keys the payload lacks are added; its own keys win")
        .isEqualTo("{\"weight_kg\":71.30,\"origin_channel\":\"#health\","
            + "\"origin_source\":\"webhook\"}");

    PluginRequest v1handle = codec.requestFor(manifest("p1", 1), "j3", "handle", "{}", "{}",
        null, EVENT, context, deadline);
    assertThat(v1handle.context()).isNull();
    assertThat(v1handle.event()).isEqualTo(EVENT);
  }

  @Test
  void protocol1PollCarriesNeitherPayloadNorContext() throws IOException {
    byte[] json =
        codec.encodeRequest(
            new PluginRequest(
                1,
                "0b9f2c1e-7d4a-4c55-9a43-5f3f0e0d2a11",
                "poll",
                CONFIG,
                STATE,
                "{\"since\":\"yesterday\"}",
                null,
                "{\"origin_source\":\"schedule\"}",
                Instant.parse("2026-02-08T10:00:00Z")));

    assertMatchesGolden(json, "request-protocol1-poll.json");
  }

  @Test
  void protocol2PollCarriesPayloadAndContext() throws IOException {
    byte[] json =
        codec.encodeRequest(
            new PluginRequest(
                2,
                "0b9f2c1e-7d4a-4c55-9a43-5f3f0e0d2a11",
                "poll",
                CONFIG,
                STATE,
                "{\"since\":\"yesterday\"}",
                null,
                "{\"origin_source\":\"schedule\",\"ductile_plugin\":\"withings\"}",
                Instant.parse("2026-02-08T10:00:00Z")));

    assertMatchesGolden(json, "request-protocol2-poll.json");
  }

  @Test
  void protocol2HandleCarriesTheEventAndNoPayload() throws IOException {
    byte[] json =
        codec.encodeRequest(
            new PluginRequest(
                2,
                "5e7d51b0-3a07-4f0e-8a8e-0c2b8f6b9d20",
                "handle",
                "{}",
                "{}",
                "{\"ignored\":true}",
                EVENT,
                "{\"origin_source\":\"webhook\",\"ductile_plugin\":\"health-analyzer\"}",
                Instant.parse("2026-02-08T10:02:00Z")));

    assertMatchesGolden(json, "request-protocol2-handle.json");
    // Opaque JSON is embedded verbatim: the number keeps its exact text.
    assertThat(new String(json, UTF_8)).contains("71.30");
  }

  @Test
  void protocol1HandleCarriesTheEventWithoutContext() throws IOException {
    PluginEvent withoutKey =
        new PluginEvent(
            EVENT.type(),
            EVENT.payload(),
            EVENT.eventId(),
            EVENT.source(),
            EVENT.timestamp(),
            null);
    byte[] json =
        codec.encodeRequest(
            new PluginRequest(
                1,
                "5e7d51b0-3a07-4f0e-8a8e-0c2b8f6b9d20",
                "handle",
                "{}",
                "{}",
                null,
                withoutKey,
                "{\"origin_source\":\"webhook\"}",
                Instant.parse("2026-02-08T10:02:00Z")));

    assertMatchesGolden(json, "request-protocol1-handle.json");
  }

  @Test
  void protocol2AlwaysHasAContext() {
    byte[] json =
        codec.encodeRequest(
            new PluginRequest(
                2,
                "j",
                "health",
                "{}",
                "{}",
                null,
                null,
                null,
                Instant.parse("2026-01-01T00:00:00Z")));

    assertThat(new String(json, UTF_8))
        .isEqualTo(
            "{\"protocol\":2,\"job_id\":\"j\",\"command\":\"health\",\"config\":{},\"state\":{},"
                + "\"context\":{},\"deadline_at\":\"2026-01-01T00:00:00Z\"}");
  }

  @Test
  void requestFieldsMustBeValidJson() {
    Instant deadline = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(
            () ->
                codec.encodeRequest(
                    new PluginRequest(2, "j", "poll", "{oops", "{}", null, null, null, deadline)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("config is not valid JSON");
    assertThatThrownBy(
            () ->
                codec.encodeRequest(
                    new PluginRequest(2, "j", "poll", "{}", "[1]", null, null, null, deadline)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state must be a JSON object");
    assertThatThrownBy(
            () ->
                codec.encodeRequest(
                    new PluginRequest(2, "j", "poll", "{}", "{}", "{} {}", null, null, deadline)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload has data after its JSON value");
  }

  @Test
  void requestsRoundTrip() {
    PluginRequest request =
        new PluginRequest(
            2,
            "j",
            "handle",
            "{\"a\":1}",
            "{\"b\":2}",
            null,
            EVENT,
            "{\"ductile_plugin\":\"x\"}",
            Instant.parse("2026-01-01T00:00:00Z"));

    PluginRequest decoded = codec.decodeRequest(codec.encodeRequest(request));

    assertThat(decoded.event().payload())
        .isEqualTo("{\"weight_kg\":71.30,\"origin_channel\":\"#health\"}");
    assertThat(decoded)
        .usingRecursiveComparison()
        .ignoringFields("event.payload")
        .isEqualTo(request);
  }

  @Test
  void decodesAFullResponseIgnoringUnknownFields() throws IOException {
    PluginResponse response = codec.decodeResponse(resource("response-full.json"));

    assertThat(response.status()).isEqualTo("ok");
    assertThat(response.isOk()).isTrue();
    assertThat(response.error()).isNull();
    assertThat(response.retry()).isTrue();
    assertThat(response.events())
        .containsExactly(
            new EmittedEvent(
                "new_health_data",
                "{\"weight_kg\":71.30}",
                "withings:1",
                "evt-7",
                "{\"origin_channel\":\"#health\"}"),
            new EmittedEvent("bare", null, null, null, null));
    assertThat(response.stateUpdates()).isEqualTo("{\"cursor\":\"2026-02-08T10:00:00Z\"}");
    assertThat(response.stateReplace()).isFalse();
    assertThat(response.logs()).containsExactly(new LogEntry("info", "fetched 1 measurement"));
    assertThat(response.result()).isEqualTo("1 new measurement");
  }

  @Test
  void appliesDefaultsAndTreatsNullAsAbsent() {
    PluginResponse response =
        decode("{\"status\":\"error\",\"events\":null,\"logs\":null,\"state_updates\":null}");

    assertThat(response)
        .isEqualTo(
            new PluginResponse("error", null, true, List.of(), null, false, List.of(), null));
  }

  @Test
  void keepsRetryFalseAndStateReplace() {
    PluginResponse response =
        decode(
            "{\"status\":\"error\",\"error\":\"bad token\",\"retry\":false,"
                + "\"state_updates\":{},\"state_replace\":true}");

    assertThat(response.retry()).isFalse();
    assertThat(response.stateReplace()).isTrue();
    assertThat(response.error()).isEqualTo("bad token");
  }

  @Test
  void responsesRoundTrip() {
    PluginResponse response =
        new PluginResponse(
            "ok",
            null,
            true,
            List.of(new EmittedEvent("t", "{\"x\":[1,2]}", "k", "e", "{\"c\":1}")),
            "{\"s\":1}",
            true,
            List.of(new LogEntry("warn", "careful")),
            "done");

    assertThat(codec.decodeResponse(codec.encodeResponse(response))).isEqualTo(response);
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        arguments("empty stdout", "", "stdout is empty; expected one JSON object"),
        arguments("blank stdout", "   ", "stdout is empty; expected one JSON object"),
        arguments("not JSON", "hello", "stdout is not JSON: Unrecognized token 'hello'"),
        arguments(
            "truncated JSON", "{\"status\":\"ok\"", "stdout is not JSON: Unexpected end-of-input"),
        arguments(
            "trailing garbage",
            "{\"status\":\"ok\"} trailing",
            "stdout has data after the JSON object (at byte 16); stdout must hold exactly one JSON"
                + " object (output: \"trailing\")"),
        arguments(
            "two objects",
            "{\"status\":\"ok\"}{\"status\":\"ok\"}",
            "stdout has data after the JSON object (at byte 15)"),
        arguments(
            "not an object", "[{\"status\":\"ok\"}]", "stdout is an array; expected a JSON object"),
        arguments("a string", "\"ok\"", "stdout is a string; expected a JSON object"),
        arguments(
            "status missing",
            "{\"result\":\"x\"}",
            "response has no \"status\"; expected \"ok\" or \"error\""),
        arguments(
            "status unknown",
            "{\"status\":\"done\"}",
            "response \"status\" is \"done\"; expected \"ok\" or \"error\""),
        arguments(
            "status not text",
            "{\"status\":true}",
            "response \"status\" is true; expected \"ok\" or \"error\""),
        arguments(
            "events not an array",
            "{\"status\":\"ok\",\"events\":{}}",
            "response \"events\" must be an array, got an object"),
        arguments(
            "event not an object",
            "{\"status\":\"ok\",\"events\":[\"x\"]}",
            "response events[0] must be an object, got a string"),
        arguments(
            "event without type",
            "{\"status\":\"ok\",\"events\":[{\"payload\":{}}]}",
            "response events[0] has no string \"type\""),
        arguments(
            "event type not text",
            "{\"status\":\"ok\",\"events\":[{\"type\":1}]}",
            "response events[0] has no string \"type\""),
        arguments(
            "event payload not object",
            "{\"status\":\"ok\",\"events\":[{\"type\":\"t\",\"payload\":[1]}]}",
            "response events[0] \"payload\" must be an object, got an array"),
        arguments(
            "state_updates not object",
            "{\"status\":\"ok\",\"state_updates\":[1]}",
            "response \"state_updates\" must be an object, got an array"),
        arguments(
            "logs not an array",
            "{\"status\":\"ok\",\"logs\":\"x\"}",
            "response \"logs\" must be an array of {level, message}, got a string"),
        arguments(
            "log without message",
            "{\"status\":\"ok\",\"logs\":[{\"level\":\"info\"}]}",
            "response logs[0] must be an object with string \"level\" and \"message\""),
        arguments(
            "log not an object",
            "{\"status\":\"ok\",\"logs\":[\"hi\"]}",
            "response logs[0] must be an object with string \"level\" and \"message\""),
        arguments(
            "retry not a boolean",
            "{\"status\":\"error\",\"retry\":\"no\"}",
            "response \"retry\" must be a boolean (true or false), got \"no\""),
        arguments(
            "state_replace not boolean",
            "{\"status\":\"ok\",\"state_replace\":1}",
            "response \"state_replace\" must be a boolean (true or false), got 1"),
        arguments(
            "error not text",
            "{\"status\":\"error\",\"error\":{\"code\":1}}",
            "response \"error\" must be a string"),
        arguments(
            "result not text",
            "{\"status\":\"ok\",\"result\":42}",
            "response \"result\" must be a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void namesTheBrokenRule(String name, String stdout, String expected) {
    assertThatThrownBy(() -> decode(stdout))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageStartingWith(expected);
  }

  @Test
  void quotesAtMost200CharactersOfTheOutput() {
    String noise = "x".repeat(5000);

    ProtocolViolationException e = catchViolation(noise);

    assertThat(e.excerpt()).hasSize(203).endsWith("...");
    assertThat(e.getMessage()).contains("(output: \"" + "x".repeat(200) + "...\")");
  }

  @Test
  void escapesControlCharactersInTheExcerpt() {
    ProtocolViolationException e = catchViolation("starting\n{\"status\":\"ok\"}\n");

    assertThat(e.excerpt()).isEqualTo("starting\\n{\\\"status\\\":\\\"ok\\\"}\\n");
  }

  @Test
  void eventsRoundTripThroughTheirEnvelope() {
    String envelope = codec.encodeEvent(EVENT);

    assertThat(envelope)
        .isEqualTo(
            "{\"type\":\"new_health_data\",\"payload\":{\"weight_kg\": 71.30, \"origin_channel\":"
                + " \"#health\"},\"event_id\":\"evt-42\",\"source\":\"withings\",\"timestamp\":"
                + "\"2026-02-08T09:59:58.123Z\",\"dedupe_key\":\"withings:2026-02-08\"}");
    PluginEvent decoded = codec.decodeEvent(envelope);
    assertThat(decoded.payload()).isEqualTo("{\"weight_kg\":71.30,\"origin_channel\":\"#health\"}");
    assertThat(decoded).usingRecursiveComparison().ignoringFields("payload").isEqualTo(EVENT);
  }

  @Test
  void aStoredEventWithoutItsFieldsIsRefused() {
    assertThatThrownBy(() -> codec.decodeEvent("{\"type\":\"t\",\"payload\":{}}"))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageStartingWith("event has no string \"event_id\"");
  }

  @Test
  void logsRoundTrip() {
    List<LogEntry> logs = List.of(new LogEntry("info", "a"), new LogEntry("error", "b \"q\""));

    String json = codec.encodeLogs(logs);

    assertThat(json)
        .isEqualTo(
            "[{\"level\":\"info\",\"message\":\"a\"},{\"level\":\"error\",\"message\":\"b"
                + " \\\"q\\\"\"}]");
    assertThat(codec.decodeLogs(json)).isEqualTo(logs);
    assertThat(codec.encodeLogs(List.of())).isEqualTo("[]");
  }

  @Test
  void editsObjects() {
    assertThat(codec.withEntry(null, "ductile_plugin", "p"))
        .isEqualTo("{\"ductile_plugin\":\"p\"}");
    assertThat(codec.withEntry("{\"a\":1,\"ductile_plugin\":\"old\"}", "ductile_plugin", "p"))
        .isEqualTo("{\"a\":1,\"ductile_plugin\":\"p\"}");
    assertThat(codec.mergeMissing("{\"a\":1}", "{\"a\":2,\"origin_source\":\"webhook\"}"))
        .isEqualTo("{\"a\":1,\"origin_source\":\"webhook\"}");
    assertThat(codec.objectKeys("{\"b\":1,\"a\":{\"c\":2}}")).containsExactly("b", "a");
    assertThat(codec.objectKeys(null)).isEmpty();
    assertThatThrownBy(() -> codec.objectKeys("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object must be a JSON object, got an array");
  }

  private PluginResponse decode(String stdout) {
    return codec.decodeResponse(stdout.getBytes(UTF_8));
  }

  private ProtocolViolationException catchViolation(String stdout) {
    try {
      decode(stdout);
    } catch (ProtocolViolationException e) {
      return e;
    }
    throw new AssertionError("no violation for " + stdout);
  }

  private static void assertMatchesGolden(byte[] actual, String golden) throws IOException {
    String expected = JSON.writeValueAsString(JSON.readTree(resource(golden)));
    assertThat(JSON.writeValueAsString(JSON.readTree(actual)))
        .as("%s (actual: %s)", golden, new String(actual, UTF_8))
        .isEqualTo(expected);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ProtocolCodecTest.class.getResourceAsStream("/envelopes/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
