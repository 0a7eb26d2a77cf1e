package dev.senechal.gw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bundled feed plugin over HTTP, and across polls with the state the daemon would keep. */
class FeedPluginTest {
  private static final Path FEED = Path.of("..", "plugins", "feed");

  private final AtomicInteger status = new AtomicInteger(200);
  private HttpServer server;

  @BeforeEach
  void serveTheSampleFeed() throws Exception {
    byte[] rss = Files.readAllBytes(FEED.resolve("testdata/rss.xml"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/feed.xml", exchange -> {
      int code = status.get();
      byte[] body = code == 200 ? rss : new byte[0];
      exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed.xml";
  }

  @Test
  void aSecondPollWithTheKeptStateEmitsNothingAndTheSameItemKeepsItsEventId() {
    try (PluginHarness feed = PluginHarness.of(FEED)) {
      PluginRun first = feed.config(Map.of("url", url())).run("poll").assertSucceeded();
      first.assertEmitted("new_item", 3);

      PluginRun second = feed.state(first.stateAfter()).run("poll").assertSucceeded();
      assertThat(second.events()).isEmpty();

      PluginRun replayed = feed.state("{}").run("poll").assertSucceeded();
      assertThat(replayed.events()).extracting(e -> e.eventId())
          .isEqualTo(first.events().stream().map(e -> e.eventId()).toList());
    }
  }

  @Test
  void aServerErrorIsRetriedAndANotFoundIsNot() {
    try (PluginHarness feed = PluginHarness.of(FEED)) {
      feed.config(Map.of("url", url()));

      status.set(503);
      PluginRun unavailable = feed.run("poll");
      assertThat(unavailable.exitCode()).isEqualTo(75);
      assertThat(unavailable.retryable()).isTrue();
      assertThat(unavailable.error()).contains("HTTP 503");

      status.set(404);
      PluginRun missing = feed.run("poll");
      assertThat(missing.exitCode()).isEqualTo(78);
      assertThat(missing.retryable()).isFalse();
    }
  }
}
