package dev.senechal.gw.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.protocol.ProtocolCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Fixture files next to a plugin: each {@code testdata/NAME.request.json} is run through a {@link
 * PluginHarness} and the outcome is matched against {@code testdata/NAME.expected.json} by the rule
 * of {@link JsonSubset} (expected is a subset of actual; {@code "<any>"} matches any value).
 *
 * <p>A request file is an object with any of: {@code command} (default {@code poll}), {@code
 * config}, {@code state}, {@code payload}, {@code context} (objects), {@code event} ({@code
 * {"type": …, "payload": {…}}}, optionally with a fixed {@code "event_id"}, for {@code handle})
 * and {@code timeout_ms}. The expected file is
 * matched against {@code {"succeeded": bool, "error": text|null, "exit_code": n|null, "response":
 * the plugin's response|null, "state_after": object}}.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> fixtures() {
 *   return PluginFixtures.of(Path.of("plugins/feed"));
 * }
 * }</pre>
 */
public final class PluginFixtures {
  private static final ObjectMapper JSON = ProtocolCodec.newMapper();
  private static final Set<String> REQUEST_KEYS =
      Set.of("command", "config", "state", "payload", "context", "event", "timeout_ms");

  private PluginFixtures() {}

  /**
   * One dynamic test per request file of the plugin in {@code pluginDirectory}, in name order.
   *
   * @throws IllegalArgumentException there is no {@code testdata/*.request.json}
   */
  public static Stream<DynamicTest> of(Path pluginDirectory) {
    requireNonNull(pluginDirectory, "pluginDirectory is null");
    List<Path> requests = requestFiles(pluginDirectory);
    return requests.stream()
        .map(
            request ->
                // No file URI as test source: surefire's class filters would then drop the test.
                DynamicTest.dynamicTest(
                    name(request),
                    () -> {
                      List<String> mismatches = check(pluginDirectory, request);
                      if (!mismatches.isEmpty()) {
                        throw new AssertionError(String.join("\n", mismatches));
                      }
                    }));
  }

  /** The request files of a plugin, by name. */
  public static List<Path> requestFiles(Path pluginDirectory) {
    Path testdata = pluginDirectory.resolve("testdata");
    List<Path> requests;
    try (Stream<Path> files = Files.isDirectory(testdata) ? Files.list(testdata) : Stream.empty()) {
      requests =
          files.filter(p -> p.getFileName().toString().endsWith(".request.json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + testdata, e);
    }
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("no testdata/*.request.json in " + pluginDirectory);
    }
    return requests;
  }

  /**
   * Runs one fixture and returns where the outcome departs from the expected file, one line each,
   * the first naming the fixture; empty when it matches.
   */
  public static List<String> check(Path pluginDirectory, Path requestFile) {
    String name = name(requestFile);
    Path expectedFile = requestFile.resolveSibling(name + ".expected.json");
    if (!Files.isRegularFile(expectedFile)) {
      throw new IllegalArgumentException(
          requestFile + ": no " + expectedFile.getFileName() + " beside it");
    }
    JsonNode request = read(requestFile);
    JsonNode expected = read(expectedFile);
    try (PluginHarness harness = PluginHarness.of(pluginDirectory)) {
      String command = setUp(harness, requestFile, request);
      PluginRun run = harness.run(command);
      List<String> mismatches = JsonSubset.mismatches(expected, actual(run));
      if (mismatches.isEmpty()) {
        return List.of();
      }
      return Stream.concat(
              Stream.of(
                  "fixture " + name + " (" + command + "): " + run
                      + (run.stderr().isBlank() ? "" : "; stderr: " + run.stderr().strip())),
              mismatches.stream().map(m -> "  " + m))
          .toList();
    }
  }

  private static String setUp(PluginHarness harness, Path file, JsonNode request) {
    if (!request.isObject()) {
      throw new IllegalArgumentException(file + ": must be a JSON object");
    }
    Iterator<String> keys = request.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (!REQUEST_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            file + ": unknown key '" + key + "' (known: " + REQUEST_KEYS + ")");
      }
    }
    if (request.has("config")) {
      harness.config(request.get("config").toString());
    }
    if (request.has("state")) {
      harness.state(request.get("state").toString());
    }
    if (request.has("payload")) {
      harness.payload(request.get("payload").toString());
    }
    if (request.has("context")) {
      harness.context(request.get("context").toString());
    }
    if (request.has("event")) {
      JsonNode event = request.get("event");
      if (!event.path("type").isTextual()) {
        throw new IllegalArgumentException(file + ": event.type must be a string");
      }
      if (event.has("event_id") && !event.get("event_id").isTextual()) {
        throw new IllegalArgumentException(file + ": event.event_id must be a string");
      }
      harness.event(event.get("type").asText(), event.path("payload").isObject()
          ? event.get("payload").toString() : "{}",
          event.has("event_id") ? event.get("event_id").asText() : UUID.randomUUID().toString());
    }
    if (request.has("timeout_ms")) {
      harness.timeout(Duration.ofMillis(request.get("timeout_ms").asLong()));
    }
    return request.path("command").asText("poll");
  }

  private static JsonNode actual(PluginRun run) {
    ObjectNode actual = JSON.createObjectNode();
    actual.put("succeeded", run.succeeded());
    actual.put("error", run.error());
    if (run.exitCode() == null) {
      actual.putNull("exit_code");
    } else {
      actual.put("exit_code", run.exitCode());
    }
    try {
      actual.set("response", run.response() == null ? null : JSON.readTree(run.stdout()));
      actual.set("state_after", JSON.readTree(run.stateAfter()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return actual;
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private static String name(Path requestFile) {
    String file = requestFile.getFileName().toString();
    return file.substring(0, file.length() - ".request.json".length());
  }
}
