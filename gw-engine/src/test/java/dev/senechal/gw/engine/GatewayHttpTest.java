package dev.senechal.gw.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.webhook.HttpStartException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine opens the HTTP listeners of its config, and only those. */
class GatewayHttpTest {
  private static final Path REPO_PLUGINS = Path.of("..", "plugins").toAbsolutePath().normalize();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  private GatewayConfig config(String http) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + REPO_PLUGINS + "\n"
            + "plugins:\n  echo: {}\n"
            + http);
    return ConfigLoader.load(file, Map.of());
  }

  private JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  @Test
  void everyListenerAnswersHealthzWithTheDocumentedKeys() throws Exception {
    GatewayConfig config =
        config(
            "webhooks:\n  listen: 127.0.0.1:0\n  endpoints:\n"
                + "    - {path: /hook/echo, plugin: echo, command: poll, secret: s3cret,"
                + " scheme: github}\n"
                + "api:\n  listen: localhost:0\n  tokens:\n"
                + "    - {name: t, key: 0123456789abcdef0123, scopes: [read]}\n");
    try (Gateway gateway = Gateway.builder(config).build()) {
      gateway.start();
      int hooks = gateway.webhooksPort().orElseThrow();
      int api = gateway.apiPort().orElseThrow();
      assertThat(hooks).isNotEqualTo(api);
      for (int port : new int[] {hooks, api}) {
        JsonNode health = get(port, "/healthz");
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("plugins_loaded").asInt()).isEqualTo(1);
        assertThat(health.get("plugins_circuit_open").asInt()).isZero();
        assertThat(health.get("queue_depth").asInt()).isZero();
        assertThat(health.has("uptime_seconds")).isTrue();
        HttpResponse<String> missing =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(missing.body()).path("code").asText())
            .isEqualTo("not_found");
      }
    }
  }

  @Test
  void withoutWebhooksOrApiSectionsNothingListens() throws Exception {
    try (Gateway gateway = Gateway.builder(config("")).build()) {
      gateway.start();
      assertThat(gateway.webhooksPort()).isEmpty();
      assertThat(gateway.apiPort()).isEmpty();
    }
  }

  @Test
  void anAddressInUseFailsStartNamingItAndLeavesNothingRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      GatewayConfig config =
          config(
              "api:\n  listen: 127.0.0.1:" + taken.getLocalPort() + "\n  tokens:\n"
                  + "    - {name: t, key: 0123456789abcdef0123, scopes: [read]}\n");
      Gateway gateway = Gateway.builder(config).build();
      assertThatThrownBy(gateway::start)
          .isInstanceOf(HttpStartException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
      gateway.close();
      // The lock was released: a second engine on the same store starts.
      try (Gateway again = Gateway.builder(config("")).build()) {
        again.start();
      }
    }
  }
}
