package dev.senechal.gw.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.testing.MutableClock;
import dev.senechal.gw.webhook.ApiToken;
import dev.senechal.gw.webhook.GatewayControl;
import dev.senechal.gw.webhook.Health;
import dev.senechal.gw.webhook.HttpSettings;
import dev.senechal.gw.webhook.ListenAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API routes on a real listener and a real store, with the engine replaced by a stub: what
 * does not need plugins (tokens read per request, what a trigger stores, a failing store).
 */
class ApiRoutesTest {
  private static final ListenAddress LOOPBACK = new ListenAddress("127.0.0.1", 0);
  private static final String OLD_KEY = "old-key-0123456789abc";
  private static final String NEW_KEY = "new-key-0123456789abc";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-02-08T10:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicReference<HttpSettings> settings = new AtomicReference<>();
  private QueueStore store;
  private JavalinHttpServer server;
  private final StubControl control = new StubControl();
  private int port;

  /** The engine's side, answering as a started engine with one plugin {@code p} ({@code poll}). */
  static final class StubControl implements GatewayControl {
    @Override
    public Health health() {
      return new Health("ok", 0, 0, 1, 0);
    }

    @Override
    public Optional<String> refuse(String plugin, String command) {
      return plugin.equals("p") && command.equals("poll")
          ? Optional.empty()
          : Optional.of("no plugin " + plugin);
    }

    @Override
    public int maxAttempts(String plugin) {
      return 7;
    }

    @Override
    public JsonNode plugins() {
      return JsonNodeFactory.instance.objectNode().putArray("plugins");
    }

    @Override
    public ControlResult reload() {
      return new ControlResult(true, JsonNodeFactory.instance.objectNode());
    }

    @Override
    public ControlResult reset(String plugin, String command) {
      return new ControlResult(true, JsonNodeFactory.instance.objectNode());
    }

    /** Every await asked for; none completes until the test says so. */
    final List<CompletableFuture<Job>> awaits = new CopyOnWriteArrayList<>();

    final Semaphore awaited = new Semaphore(0);

    @Override
    public CompletableFuture<Job> await(String jobId) {
      CompletableFuture<Job> future = new CompletableFuture<>();
      awaits.add(future);
      awaited.release();
      return future;
    }
  }

  @BeforeEach
  void start() {
    settings.set(tokens(ApiToken.of("old", OLD_KEY, List.of("trigger:*", "read"))));
    store = QueueStore.openSqlite(StoreConfig.defaults(dir.resolve("state.db")), clock);
    server = new JavalinHttpServer(settings::get, store, new ProtocolCodec(), clock);
    server.start(control);
    port = server.apiPort().orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private static HttpSettings tokens(ApiToken... tokens) {
    return new HttpSettings(null, List.of(), LOOPBACK, List.of(tokens));
  }

  private HttpResponse<String> trigger(String key, String body) throws Exception {
    return http.send(request("/api/trigger/p/poll", key, body), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path, String key, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void aTriggerStoresAnApiJobWithThePluginsAttemptsAndTheSeededContext() throws Exception {
    HttpResponse<String> response =
        trigger(OLD_KEY, "{\"payload\": {\"n\": 1}, \"context\": {\"channel\": \"c\"}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    Job job = store.find(json.readTree(response.body()).get("job_id").asText()).orElseThrow();
    assertThat(job.submittedBy().wireName()).isEqualTo("api");
    assertThat(job.maxAttempts()).isEqualTo(7);
    assertThat(job.payload()).isEqualTo("{\"n\":1}");
    assertThat(json.readTree(job.context()))
        .isEqualTo(json.readTree(
            "{\"channel\":\"c\",\"origin_source\":\"api\",\"origin_token\":\"old\"}"));
  }

  @Test
  void tokensAreReadPerRequestSoANewSetAppliesAtOnce() throws Exception {
    assertThat(trigger(OLD_KEY, "").statusCode()).isEqualTo(202);
    settings.set(tokens(ApiToken.of("new", NEW_KEY, List.of("trigger:p"))));
    assertThat(trigger(OLD_KEY, "").statusCode()).isEqualTo(401);
    assertThat(trigger(NEW_KEY, "").statusCode()).isEqualTo(202);
  }

  @Test
  void aStoreThatCannotTakeTheJobIsA503NeverA202() throws Exception {
    store.close();
    HttpResponse<String> response = trigger(OLD_KEY, "{}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("code").asText()).isEqualTo("store_unavailable");
    assertThat(body.get("error").asText()).isNotBlank();
  }

  @Test
  void aWaitLongerThanTheIdleTimeoutIsAnsweredWhenItRunsOut() throws Exception {
    String wait = (JavalinHttpServer.IDLE_TIMEOUT.toMillis() + 2000) + "ms";
    HttpResponse<String> answer =
        http.send(request("/api/trigger/p/poll?wait=" + wait, OLD_KEY, ""),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    assertThat(json.readTree(answer.body()).get("settled").asBoolean()).isFalse();
  }

  @Test
  void waitingRequestsHoldNoListenerThreadAndPastTheLimitATriggerIsAnswered202AtOnce()
      throws Exception {
    assertThat(ApiRoutes.MAX_WAITING)
        .as("more waits than the listener has threads, so a wait holding one would starve it")
        .isGreaterThan(JavalinHttpServer.MAX_THREADS);
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    for (int i = 0; i < ApiRoutes.MAX_WAITING; i++) {
      waiting.add(
          http.sendAsync(
              request("/api/trigger/p/poll?wait=5m", OLD_KEY, ""),
              HttpResponse.BodyHandlers.ofString()));
    }
    // Each of them now holds a wait (the engine was asked to await its job). Were a wait to hold a
    // listener thread, only as many as the listener has threads would get this far.
    assertThat(control.awaited.tryAcquire(ApiRoutes.MAX_WAITING, 60, TimeUnit.SECONDS))
        .as("all %d triggers wait at once", ApiRoutes.MAX_WAITING)
        .isTrue();

    HttpResponse<String> more =
        http.send(request("/api/trigger/p/poll?wait=5m", OLD_KEY, ""),
            HttpResponse.BodyHandlers.ofString());
    assertThat(more.statusCode()).as(more.body()).isEqualTo(202);
    assertThat(json.readTree(more.body()).get("settled").asBoolean()).isFalse();
    assertThat(control.awaits).hasSize(ApiRoutes.MAX_WAITING);
    // Every listener thread would be taken if a wait held one; the listener still answers.
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(trigger(OLD_KEY, "").statusCode()).isEqualTo(202);

    // The engine stops: the waiting ones are told so, with the documented error.
    control.awaits.forEach(f -> f.completeExceptionally(new IllegalStateException("stopped")));
    for (CompletableFuture<HttpResponse<String>> response : waiting) {
      HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(json.readTree(answer.body()).get("code").asText()).isEqualTo("shutting_down");
    }
    // The slots are free again.
    HttpResponse<String> again =
        http.send(request("/api/trigger/p/poll?wait=1ms", OLD_KEY, ""),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(control.awaits).hasSize(ApiRoutes.MAX_WAITING + 1);
  }
}
