package dev.senechal.gw.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.testing.MutableClock;
import dev.senechal.gw.webhook.DeliveryRejection;
import dev.senechal.gw.webhook.HttpSettings;
import dev.senechal.gw.webhook.ListenAddress;
import dev.senechal.gw.webhook.SignatureScheme;
import dev.senechal.gw.webhook.WebhookEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients against the real listener: senders that announce a body and then send nothing, or
 * one byte every two seconds, must not keep the listener from answering everyone else.
 */
class WebhookSlowClientTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final int HEADERS_ONLY = 10;
  static final int DRIBBLERS = 10;

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(NOW);
  QueueStore store;
  JavalinHttpServer server;
  int port;
  final List<Socket> sockets = new ArrayList<>();
  final ExecutorService clients = Executors.newFixedThreadPool(HEADERS_ONLY + DRIBBLERS);

  @BeforeEach
  void start() {
    store = QueueStore.openSqlite(StoreConfig.defaults(dir.resolve("state.db")), clock);
    WebhookEndpoint endpoint =
        WebhookEndpoint.of("/hook/github", "gh", "handle", "gh-secret",
            SignatureScheme.GITHUB, "X-Hub-Signature-256", 1 << 20);
    HttpSettings settings =
        new HttpSettings(new ListenAddress("127.0.0.1", 0), List.of(endpoint), null, List.of());
    server = new JavalinHttpServer(() -> settings, store, new ProtocolCodec(), clock);
    server.start(new FakeGatewayControl(store));
    port = server.webhooksPort().orElseThrow();
  }

  @AfterEach
  void stop() throws Exception {
    clients.shutdownNow();
    clients.awaitTermination(30, TimeUnit.SECONDS);
    for (Socket socket : sockets) {
      socket.close();
    }
    server.close();
    store.close();
  }

  /** Headers of a delivery that promises 100 000 bytes, signed with a well-formed wrong MAC. */
  static String headers() {
    return "POST /hook/github HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
        + "Content-Length: 100000\r\n\r\n";
  }

  @Test
  void twentySlowSendersDoNotKeepHealthzFromAnswering() throws Exception {
    List<Future<String>> silent = new ArrayList<>();
    for (int i = 0; i < HEADERS_ONLY; i++) {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      sockets.add(socket);
      socket.getOutputStream().write(headers().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.setSoTimeout(30_000);
      silent.add(clients.submit(() -> new String(
          socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)));
    }
    List<Future<String>> dribbled = new ArrayList<>();
    for (int i = 0; i < DRIBBLERS; i++) {
      dribbled.add(clients.submit(this::dribble));
    }

    // Until every slow sender is answered or closed (a dribbler sends for up to 30 s; the
    // headers-only sockets stay open until the 10 s idle timeout), /healthz answers each time it
    // is asked: a 5 s timeout must not fire.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    int rounds = 0;
    List<Future<String>> all = new ArrayList<>(dribbled);
    all.addAll(silent);
    for (Future<String> pending : all) {
      while (!pending.isDone() && rounds < 60) {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("round %d", rounds).isEqualTo(200);
        rounds++;
        try {
          pending.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          // Still dribbling: ask /healthz again.
        }
      }
    }
    assertThat(rounds).as("/healthz was asked while the slow senders were connected").isPositive();

    for (Future<String> answer : dribbled) {
      assertThat(answer.get(90, TimeUnit.SECONDS))
          .as("a body under 1 KB/s is cut off with 408")
          .startsWith("HTTP/1.1 408")
          .contains("\"code\":\"body_timeout\"");
    }
    for (Future<String> closed : silent) {
      assertThat(closed.get(60, TimeUnit.SECONDS))
          .as("a socket that sent headers alone is closed by the server, nothing accepted")
          .doesNotStartWith("HTTP/1.1 2");
    }
    assertThat(server.rejectedDeliveries())
        .containsEntry(DeliveryRejection.BODY_TIMEOUT, (long) DRIBBLERS);
    assertThat(store.list(JobQuery.all(100))).as("nothing enqueued").isEmpty();
  }

  /**
   * Sends the headers and then one body byte every two seconds, for at most 30 s; returns what
   * the server answered (empty if it closed without an answer, "(still open)" if it never did).
   */
  private String dribble() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write((headers() + "{").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      for (int sent = 1; sent < 16; sent++) {
        try {
          int b = in.read();
          if (b < 0) {
            return answer.toString(StandardCharsets.US_ASCII);
          }
          answer.write(b);
          socket.setSoTimeout(10_000);
          in.transferTo(answer);
          return answer.toString(StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
          // Two seconds without an answer: the next byte.
        }
        try {
          out.write('"');
          out.flush();
        } catch (IOException e) {
          // The server closed the connection; whatever it answered is still readable.
          socket.setSoTimeout(10_000);
          in.transferTo(answer);
          return answer.toString(StandardCharsets.US_ASCII);
        }
      }
      return "(still open)";
    }
  }
}
