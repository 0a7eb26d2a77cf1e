package dev.senechal.gw.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.testing.MutableClock;
import dev.senechal.gw.webhook.DeliveryRejection;
import dev.senechal.gw.webhook.HttpSettings;
import dev.senechal.gw.webhook.ListenAddress;
import dev.senechal.gw.webhook.SignatureScheme;
import dev.senechal.gw.webhook.WebhookEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded loopback load, a correctness test (no timings): 10,000 signed deliveries over 4
 * connections become exactly 10,000 jobs; 10,000 forged ones become none, and the listener still
 * answers {@code /healthz}.
 */
class WebhookLoadTest {
  static final int DELIVERIES = 10_000;
  static final int CONNECTIONS = 4;
  static final String SECRET = "load-secret";

  @TempDir Path dir;
  QueueStore store;
  JavalinHttpServer server;
  int port;
  final ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);

  @BeforeEach
  void start() {
    MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    store = QueueStore.openSqlite(StoreConfig.defaults(dir.resolve("state.db")), clock);
    HttpSettings settings =
        new HttpSettings(
            new ListenAddress("127.0.0.1", 0),
            List.of(
                WebhookEndpoint.of("/hook/load", "p", "handle", SECRET, SignatureScheme.GITHUB,
                    "X-Hub-Signature-256", 1 << 20)),
            null,
            List.of());
    server = new JavalinHttpServer(() -> settings, store, new ProtocolCodec(), clock);
    server.start(new FakeGatewayControl(store));
    port = server.webhooksPort().orElseThrow();
  }

  @AfterEach
  void stop() {
    senders.shutdownNow();
    server.close();
    store.close();
  }

  /** Sends {@code DELIVERIES} deliveries, each connection its share in turn; counts statuses. */
  private Map<Integer, Integer> send(boolean signed, Set<String> jobIds) throws Exception {
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> connections = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      connections.add(
          senders.submit(
              () -> {
                // One client per sender thread, sending one request at a time: one connection each.
                HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int n = next.getAndIncrement(); n < DELIVERIES; n = next.getAndIncrement()) {
                  String body = "{\"n\":" + n + ",\"signed\":" + signed + "}";
                  String signature =
                      signed ? Signing.hex(SECRET, body) : Signing.hex("not-the-secret", body);
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/load"))
                          .header("X-Hub-Signature-256", "sha256=" + signature)
                          .header("X-GitHub-Delivery", (signed ? "ok-" : "forged-") + n)
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build();
                  HttpResponse<String> response =
                      http.send(request, HttpResponse.BodyHandlers.ofString());
                  statuses.merge(response.statusCode(), 1, Integer::sum);
                  if (response.statusCode() == 202) {
                    jobIds.add(response.body());
                  }
                }
                return null;
              }));
    }
    for (Future<?> connection : connections) {
      connection.get();
    }
    return statuses;
  }

  @Test
  void tenThousandSignedDeliveriesAreTenThousandJobsAndTenThousandForgedOnesNone()
      throws Exception {
    Set<String> jobIds = ConcurrentHashMap.newKeySet();

    assertThat(send(true, jobIds)).isEqualTo(Map.of(202, DELIVERIES));
    assertThat(jobIds).hasSize(DELIVERIES);
    assertThat(store.depth()).isEqualTo(DELIVERIES);

    assertThat(send(false, jobIds)).isEqualTo(Map.of(403, DELIVERIES));
    assertThat(store.depth()).isEqualTo(DELIVERIES);
    assertThat(server.rejectedDeliveries())
        .isEqualTo(Map.of(DeliveryRejection.SIGNATURE_MISMATCH, (long) DELIVERIES));

    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"queue_depth\":" + DELIVERIES);
  }
}
