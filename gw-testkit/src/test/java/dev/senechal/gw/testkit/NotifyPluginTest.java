package dev.senechal.gw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled notify plugin writes each event once, however often it is delivered. */
class NotifyPluginTest {
  private static final Path NOTIFY = Path.of("..", "plugins", "notify");

  @TempDir Path dir;

  @Test
  void aRedeliveredEventIsWrittenOnce() throws Exception {
    Path file = dir.resolve("notified.jsonl");
    try (PluginHarness notify = PluginHarness.of(NOTIFY)) {
      notify.config(Map.of("file", file.toString()));

      notify.event("new_item", "{\"title\":\"First\"}", "evt-1").run("handle")
          .assertSucceeded();
      PluginRun again =
          notify.event("new_item", "{\"title\":\"First\"}", "evt-1").run("handle")
              .assertSucceeded();
      notify.event("new_item", "{\"title\":\"Second\"}", "evt-2").run("handle")
          .assertSucceeded();

      assertThat(again.result()).startsWith("skipped event evt-1");
    }
    assertThat(Files.readAllLines(file))
        .hasSize(2)
        .satisfiesExactly(
            first -> assertThat(first).startsWith("{\"event_id\":\"evt-1\",\"type\":\"new_item\"")
                .contains("\"payload\":{\"title\":\"First\"}"),
            second -> assertThat(second).startsWith("{\"event_id\":\"evt-2\""));
  }

  @Test
  void feedEventsDeliveredTwiceReachTheFileOnce() throws Exception {
    Path file = dir.resolve("items.jsonl");
    try (PluginHarness feed = PluginHarness.of(Path.of("..", "plugins", "feed"));
        PluginHarness notify = PluginHarness.of(NOTIFY)) {
      PluginRun poll = feed.config(Map.of("url", "testdata/rss.xml")).run("poll")
          .assertSucceeded();
      notify.config(Map.of("file", file.toString()));
      for (int delivery = 0; delivery < 2; delivery++) {
        poll.events("new_item").forEach(e ->
            notify.event(e.type(), e.payload(), e.eventId()).run("handle").assertSucceeded());
      }
    }
    assertThat(Files.readAllLines(file)).hasSize(3);
  }
}
