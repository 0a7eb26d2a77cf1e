package dev.senechal.gw.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.queue.testing.MutableClock;
import dev.senechal.gw.webhook.DeliveryRejection;
import dev.senechal.gw.webhook.HttpSettings;
import dev.senechal.gw.webhook.ListenAddress;
import dev.senechal.gw.webhook.SignatureScheme;
import dev.senechal.gw.webhook.WebhookEndpoint;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook endpoints over real HTTP (a listener on port 0) into a real SQLite store: what is
 * accepted becomes exactly one job, everything refused leaves the queue empty.
 */
class WebhookHttpTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final String GITHUB_SECRET = "gh-secret";
  static final byte[] STANDARD_KEY = "standard-key-bytes".getBytes(StandardCharsets.UTF_8);
  static final String STANDARD_SECRET =
      "whsec_" + Base64.getEncoder().encodeToString(STANDARD_KEY);

  static final List<WebhookEndpoint> ENDPOINTS =
      List.of(
          WebhookEndpoint.of("/hook/github", "gh", "handle", GITHUB_SECRET,
              SignatureScheme.GITHUB, "X-Hub-Signature-256", 1 << 20),
          WebhookEndpoint.of("/hook/stripe", "pay", "handle", "whsec_stripe",
              SignatureScheme.STRIPE, "Stripe-Signature", 1 << 20),
          WebhookEndpoint.of("/hook/slack", "chat", "command", "slack-secret",
              SignatureScheme.SLACK, "X-Slack-Signature", 1 << 20),
          WebhookEndpoint.of("/hook/standard", "std", "handle", STANDARD_SECRET,
              SignatureScheme.STANDARD_WEBHOOKS, "webhook-signature", 1 << 20),
          WebhookEndpoint.of("/hook/plain", "plain", "handle", "plain-secret",
              SignatureScheme.HMAC_SHA256, "X-Signature", 1 << 20),
          WebhookEndpoint.of("/hook/small", "gh", "handle", GITHUB_SECRET,
              SignatureScheme.GITHUB, "X-Hub-Signature-256", 1024));

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(NOW);
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final AtomicReference<HttpSettings> settings =
      new AtomicReference<>(
          new HttpSettings(new ListenAddress("127.0.0.1", 0), ENDPOINTS, null, List.of()));
  QueueStore store;
  FakeGatewayControl control;
  JavalinHttpServer server;
  int port;

  @BeforeEach
  void start() {
    store = QueueStore.openSqlite(StoreConfig.defaults(dir.resolve("state.db")), clock);
    control = new FakeGatewayControl(store);
    server = new JavalinHttpServer(settings::get, store, new ProtocolCodec(), clock);
    server.start(control);
    port = server.webhooksPort().orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  record Reply(int status, String body, Map<String, List<String>> headers) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(body);
    }
  }

  Reply post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body(), response.headers().map());
  }

  Reply github(String path, String body, String deliveryId) throws Exception {
    return post(path, body,
        "X-Hub-Signature-256", "sha256=" + Signing.hex(GITHUB_SECRET, body),
        "X-GitHub-Delivery", deliveryId,
        "Content-Type", "application/json");
  }

  List<Job> jobs() {
    return store.list(JobQuery.all(100_000));
  }

  void assertRefused(Reply reply, int status, DeliveryRejection reason) {
    assertThat(reply.status()).as("status, body %s", reply.body()).isEqualTo(status);
    if (status == 403) {
      assertThat(reply.body()).as("403 carries no detail").isEmpty();
    }
    assertThat(jobs()).as("nothing enqueued").isEmpty();
    assertThat(server.rejectedDeliveries()).isEqualTo(Map.of(reason, 1L));
  }

  // ---------------------------------------------------------------------------------------------
  // Accepted

  @Test
  void aSignedGithubDeliveryBecomesOneQueuedJobOfTheEndpointsPlugin() throws Exception {
    String body = "{\"action\":\"opened\",\"number\": 7}";
    Reply reply =
        post("/hook/github", body,
            "X-Hub-Signature-256", "sha256=" + Signing.hex(GITHUB_SECRET, body),
            "X-GitHub-Delivery", "d-1",
            "X-GitHub-Event", "issues",
            "Content-Type", "application/json");

    assertThat(reply.status()).isEqualTo(202);
    String jobId = reply.json().get("job_id").asText();
    assertThat(reply.json().size()).isEqualTo(1);
    Job job = store.find(jobId).orElseThrow();
    assertThat(job.plugin()).isEqualTo("gh");
    assertThat(job.command()).isEqualTo("handle");
    assertThat(job.submittedBy()).isEqualTo(SubmittedBy.WEBHOOK);
    assertThat(job.maxAttempts()).isEqualTo(3);
    JsonNode event = json.readTree(job.payload());
    assertThat(event.get("type").asText()).as("GitHub's event name").isEqualTo("issues");
    assertThat(event.get("source").asText()).isEqualTo("webhook");
    assertThat(event.get("timestamp").asText()).isEqualTo(NOW.toString());
    assertThat(event.get("event_id").asText()).isNotEmpty();
    assertThat(job.payload())
        .as("a JSON object body is the event's payload byte for byte")
        .contains("\"payload\":" + body + ",");
    assertThat(json.readTree(job.context()))
        .isEqualTo(json.readTree(
            "{\"origin_source\":\"webhook\",\"origin_path\":\"/hook/github\","
                + "\"origin_delivery_id\":\"d-1\"}"));
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void everySchemeAcceptsADeliverySignedTheWayItsSenderSignsIt() throws Exception {
    long t = NOW.getEpochSecond();
    String stripe = "{\"id\":\"evt_1\"}";
    String slack = "token=x&command=%2Fweather&text=94070";
    String standard = "{\"type\":\"user.created\"}";
    String plain = "{\"n\":1}";

    List<Reply> replies = new ArrayList<>();
    replies.add(post("/hook/stripe", stripe, "Stripe-Signature",
        "t=" + t + ",v1=" + "0".repeat(64) + ",v1=" + Signing.hex("whsec_stripe", t + "." + stripe)));
    replies.add(post("/hook/slack", slack,
        "X-Slack-Request-Timestamp", String.valueOf(t),
        "X-Slack-Signature", "v0=" + Signing.hex("slack-secret", "v0:" + t + ":" + slack),
        "Content-Type", "application/x-www-form-urlencoded"));
    replies.add(post("/hook/standard", standard,
        "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(t),
        "webhook-signature", "v1," + Signing.base64(STANDARD_KEY, "msg_1." + t + "." + standard)));
    replies.add(post("/hook/plain", plain, "X-Signature", Signing.hex("plain-secret", plain)));

    assertThat(replies).extracting(Reply::status).containsOnly(202);
    assertThat(jobs()).extracting(Job::plugin).containsExactlyInAnyOrder("pay", "chat", "std", "plain");
    Job standardJob = jobs().stream().filter(j -> j.plugin().equals("std")).findFirst().orElseThrow();
    assertThat(json.readTree(standardJob.context()).get("origin_delivery_id").asText())
        .isEqualTo("msg_1");
  }

  @Test
  void aBodyThatIsNotAJsonObjectArrivesWrappedWithItsContentType() throws Exception {
    // /hook/slack runs 'command' (the payload is the body's), /hook/plain 'handle' (an event's).
    long t = NOW.getEpochSecond();
    String form = "token=x&text=caf%C3%A9";
    post("/hook/slack", form,
        "X-Slack-Request-Timestamp", String.valueOf(t),
        "X-Slack-Signature", "v0=" + Signing.hex("slack-secret", "v0:" + t + ":" + form),
        "Content-Type", "application/x-www-form-urlencoded");
    post("/hook/plain", "[1,2]", "X-Signature", Signing.hex("plain-secret", "[1,2]"));

    assertThat(jobs()).hasSize(2);
    JsonNode slack = json.readTree(jobs().stream().filter(j -> j.plugin().equals("chat"))
        .findFirst().orElseThrow().payload());
    assertThat(slack).isEqualTo(json.readTree(
        "{\"body\":\"token=x&text=caf%C3%A9\","
            + "\"content_type\":\"application/x-www-form-urlencoded\"}"));
    JsonNode array = json.readTree(jobs().stream().filter(j -> j.plugin().equals("plain"))
        .findFirst().orElseThrow().payload()).get("payload");
    assertThat(array.get("body").asText()).as("JSON that is not an object is text too").isEqualTo("[1,2]");
    assertThat(array.has("content_type")).isTrue();
  }

  @Test
  void aBodyThatIsNotUtf8ArrivesAsBase64() throws Exception {
    byte[] body = {(byte) 0xff, (byte) 0xfe, '{', '}'};
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/plain"))
                .header("X-Signature", HexFormat.of().formatHex(
                    Signing.hmac("plain-secret".getBytes(StandardCharsets.UTF_8), body)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode payload = json.readTree(jobs().get(0).payload()).get("payload");
    assertThat(payload).isEqualTo(json.readTree(
        "{\"body_base64\":\"" + Base64.getEncoder().encodeToString(body)
            + "\",\"content_type\":\"application/octet-stream\"}"));
  }

  @Test
  void aRepeatedDeliveryIdIsAnswered200WithTheOriginalJobAndEnqueuesNothing() throws Exception {
    String original = github("/hook/github", "{\"a\":1}", "d-7").json().get("job_id").asText();
    clock.advance(Duration.ofDays(6));

    Reply again = github("/hook/github", "{\"a\":1}", "d-7");

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json())
        .isEqualTo(json.readTree("{\"job_id\":\"" + original + "\",\"replayed\":true}"));
    assertThat(jobs()).hasSize(1);
    assertThat(github("/hook/small", "{\"a\":1}", "d-7").status())
        .as("ids are per endpoint")
        .isEqualTo(202);
  }

  @Test
  void aStripeDeliverySentTwiceVerbatimIsAReplay() throws Exception {
    long t = NOW.getEpochSecond();
    String body = "{\"id\":\"evt_2\"}";
    String header = "t=" + t + ",v1=" + Signing.hex("whsec_stripe", t + "." + body);
    Reply first = post("/hook/stripe", body, "Stripe-Signature", header);
    Reply second = post("/hook/stripe", body, "Stripe-Signature", header);

    assertThat(first.status()).isEqualTo(202);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("job_id")).isEqualTo(first.json().get("job_id"));
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void aReloadedEndpointListAppliesToTheNextRequest() throws Exception {
    WebhookEndpoint added = WebhookEndpoint.of("/hook/new", "gh", "handle", GITHUB_SECRET,
        SignatureScheme.GITHUB, "X-Hub-Signature-256", 1 << 20);
    settings.set(new HttpSettings(new ListenAddress("127.0.0.1", 0), List.of(added), null, List.of()));

    assertThat(github("/hook/new", "{}", "n-1").status()).isEqualTo(202);
    assertThat(github("/hook/github", "{}", "n-2").status()).isEqualTo(404);
  }

  @Test
  void onAListenerSharedWithTheApiHealthzStillAnswersBesideTheWebhooks() throws Exception {
    ListenAddress both = new ListenAddress("127.0.0.1", 0);
    try (JavalinHttpServer shared =
        new JavalinHttpServer(
            () -> new HttpSettings(both, ENDPOINTS, both, List.of()),
            store,
            new ProtocolCodec(),
            clock)) {
      shared.start(control);
      int sharedPort = shared.webhooksPort().orElseThrow();
      assertThat(shared.apiPort()).hasValue(sharedPort);
      port = sharedPort;

      HttpResponse<String> health =
          http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
              .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<Void> head =
          http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
              .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).as("HEAD /healthz, as Javalin answers it").isEqualTo(200);
      assertThat(github("/hook/github", "{}", "shared-1").status()).isEqualTo(202);
      assertThat(jobs()).hasSize(1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Refused: the bad-input catalogue

  @Test
  void aWrongSignatureIs403() throws Exception {
    assertRefused(
        post("/hook/github", "{}", "X-Hub-Signature-256", "sha256=" + "0".repeat(64)),
        403, DeliveryRejection.SIGNATURE_MISMATCH);
  }

  @Test
  void aMissingSignatureHeaderIs403() throws Exception {
    assertRefused(post("/hook/github", "{}", "X-GitHub-Delivery", "d-1"), 403,
        DeliveryRejection.MISSING_HEADER);
  }

  @Test
  void aWrongPrefixIs403() throws Exception {
    assertRefused(
        post("/hook/github", "{}", "X-Hub-Signature-256", "sha1=" + Signing.hex(GITHUB_SECRET, "{}")),
        403, DeliveryRejection.MALFORMED_HEADER);
  }

  @Test
  void theSignatureOfAnotherBodyIs403() throws Exception {
    assertRefused(
        post("/hook/github", "{\"amount\":1000}",
            "X-Hub-Signature-256", "sha256=" + Signing.hex(GITHUB_SECRET, "{\"amount\":1}")),
        403, DeliveryRejection.SIGNATURE_MISMATCH);
  }

  @Test
  void aTimestampOverFiveMinutesOldIs403() throws Exception {
    long t = NOW.minusSeconds(301).getEpochSecond();
    String body = "{\"id\":\"evt_3\"}";
    assertRefused(
        post("/hook/stripe", body,
            "Stripe-Signature", "t=" + t + ",v1=" + Signing.hex("whsec_stripe", t + "." + body)),
        403, DeliveryRejection.STALE_TIMESTAMP);
  }

  @Test
  void aTimestampOverFiveMinutesAheadIs403() throws Exception {
    long t = NOW.plusSeconds(301).getEpochSecond();
    String body = "{}";
    assertRefused(
        post("/hook/standard", body,
            "webhook-id", "msg_9", "webhook-timestamp", String.valueOf(t),
            "webhook-signature", "v1," + Signing.base64(STANDARD_KEY, "msg_9." + t + "." + body)),
        403, DeliveryRejection.FUTURE_TIMESTAMP);
  }

  @Test
  void aDeclaredContentLengthOverTheCapIs413AfterTheFirstChunkWithoutTheRest() throws Exception {
    // The request takes a thread once body bytes are in: the first chunk is sent, the other
    // 1 MB never is, and the answer still comes (raw() fails after 30 s without one).
    String status =
        raw("POST /hook/small HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
            + "Content-Length: 1048576\r\n\r\n" + "{\"x\":\"" + "y".repeat(500));
    assertThat(status).startsWith("HTTP/1.1 413").contains("\"code\":\"body_too_large\"");
    assertThat(jobs()).isEmpty();
    assertThat(server.rejectedDeliveries()).isEqualTo(Map.of(DeliveryRejection.BODY_TOO_LARGE, 1L));
  }

  @Test
  void anExpectContinueRequestOverTheCapIs413BeforeAnyBodyIsSent() throws Exception {
    // The client waits for "100 Continue" before sending its body; Jetty dispatches such a
    // request on its headers, so it gets its 413 having sent nothing else.
    String status =
        raw("POST /hook/small HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
            + "Expect: 100-continue\r\n"
            + "Content-Length: 1048576\r\n\r\n");
    assertThat(status).startsWith("HTTP/1.1 413").contains("\"code\":\"body_too_large\"");
    assertThat(jobs()).isEmpty();
    assertThat(server.rejectedDeliveries()).isEqualTo(Map.of(DeliveryRejection.BODY_TOO_LARGE, 1L));
  }

  @Test
  void aMissingOrMalformedSignatureHeaderIs403BeforeTheBodyIsRead() throws Exception {
    // Only the first chunk of a 100 KB body is sent: the answer comes without the rest.
    String missing =
        raw("POST /hook/github HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Length: 100000\r\n\r\n{\"partial\":");
    String malformed =
        raw("POST /hook/github HTTP/1.1\r\nHost: localhost\r\n"
            + "X-Hub-Signature-256: sha1=deadbeef\r\n"
            + "Content-Length: 100000\r\n\r\n{\"partial\":");
    // With "Expect: 100-continue" the client sends no body byte before the answer.
    String expecting =
        raw("POST /hook/github HTTP/1.1\r\nHost: localhost\r\n"
            + "X-Hub-Signature-256: sha256=not-hex\r\nExpect: 100-continue\r\n"
            + "Content-Length: 100000\r\n\r\n");
    assertThat(missing).startsWith("HTTP/1.1 403");
    assertThat(malformed).startsWith("HTTP/1.1 403");
    assertThat(expecting).as("no 100 Continue first").startsWith("HTTP/1.1 403");
    assertThat(jobs()).isEmpty();
    assertThat(server.rejectedDeliveries())
        .as("still counted per reason")
        .isEqualTo(Map.of(DeliveryRejection.MISSING_HEADER, 1L,
            DeliveryRejection.MALFORMED_HEADER, 2L));
  }

  @Test
  void aChunkedBodyOverTheCapIs413() throws Exception {
    String chunk = "x".repeat(1000);
    StringBuilder request =
        new StringBuilder("POST /hook/small HTTP/1.1\r\nHost: localhost\r\n"
            + "X-Hub-Signature-256: sha256=" + Signing.hex(GITHUB_SECRET, chunk.repeat(3)) + "\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 3; i++) {
      request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    request.append("0\r\n\r\n");
    assertThat(raw(request.toString())).startsWith("HTTP/1.1 413").contains("body_too_large");
    assertThat(jobs()).as("even correctly signed, an oversize body is refused").isEmpty();
    assertThat(server.rejectedDeliveries()).isEqualTo(Map.of(DeliveryRejection.BODY_TOO_LARGE, 1L));
  }

  /**
   * A client that promises a body and stops sending is cut off by the listener's idle timeout
   * (10 s) rather than holding its thread forever; {@code raw} fails if the connection is still
   * open after 30 s. Meanwhile the server answers others.
   */
  @Test
  void aClientThatStallsMidBodyIsCutOffAndEnqueuesNothing() throws Exception {
    java.util.concurrent.CompletableFuture<String> stalled =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return raw("POST /hook/github HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\n"
                    + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
                    + "X-GitHub-Delivery: stall-1\r\n"
                    + "Content-Length: 100\r\n\r\n{\"partial\":");
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    String answer = stalled.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(answer).doesNotStartWith("HTTP/1.1 202");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aBodyExactlyAtTheCapIsAccepted() throws Exception {
    String body = "{\"x\":\"" + "y".repeat(1024 - 8) + "\"}";
    assertThat(body).hasSize(1024);
    assertThat(github("/hook/small", body, "edge").status()).isEqualTo(202);
  }

  @Test
  void anUnknownPathIs404AndAnotherMethodOnAnEndpointIs405() throws Exception {
    Reply unknown = github("/hook/nope", "{}", "u-1");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("code").asText()).isEqualTo("not_found");

    HttpResponse<String> get =
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/github"))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(json.readTree(get.body()).get("code").asText()).isEqualTo("method_not_allowed");

    HttpResponse<String> put =
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/github"))
            .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(405);
    HttpResponse<Void> head =
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/github"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(405);
    HttpResponse<String> getUnknown =
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope"))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(getUnknown.statusCode()).isEqualTo(404);
    assertThat(jobs()).isEmpty();
  }

  @Test
  void whenTheStoreCannotTakeTheJobTheAnswerIs503AndNever202() throws Exception {
    store.close();

    Reply reply = github("/hook/github", "{}", "s-1");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().get("code").asText()).isEqualTo("store_unavailable");
    try (QueueStore reopened =
        QueueStore.openSqlite(StoreConfig.defaults(dir.resolve("state.db")), clock)) {
      assertThat(reopened.list(JobQuery.all(100_000))).isEmpty();
    }
  }

  @Test
  void aPluginTheEngineRefusesIsAnswered503AndNothingIsEnqueued() throws Exception {
    control.refused.put("gh", "plugin gh is not enabled (/srv/senechal/plugins/gh)");

    Reply reply = github("/hook/github", "{}", "r-1");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().get("code").asText()).isEqualTo("plugin_unavailable");
    assertThat(reply.json().get("error").asText())
        .as("the engine's reason (it may name plugin directories) stays in the log")
        .doesNotContain("gh", "enabled");
    assertThat(jobs()).isEmpty();
    control.refused.clear();
    assertThat(github("/hook/github", "{}", "r-1").status())
        .as("the refused delivery was not remembered: its retry is accepted")
        .isEqualTo(202);
  }

  // ---------------------------------------------------------------------------------------------
  // Replays: keyed on what is signed, not on how the header is written

  @Test
  void oneHmacDeliveryReplayedWithItsSignatureReEncodedIsStillOneJob() throws Exception {
    String body = "{\"n\":42}";
    byte[] mac = Signing.hmac("plain-secret".getBytes(StandardCharsets.UTF_8), body);
    String hex = HexFormat.of().formatHex(mac);
    List<String> variants =
        List.of(
            hex,
            hex.toUpperCase(),
            "sha256=" + hex,
            "sha256=" + hex.toUpperCase(),
            Base64.getEncoder().encodeToString(mac),
            Base64.getEncoder().withoutPadding().encodeToString(mac),
            Base64.getUrlEncoder().withoutPadding().encodeToString(mac));

    List<Reply> replies = new ArrayList<>();
    for (String signature : variants) {
      replies.add(post("/hook/plain", body, "X-Signature", signature));
    }

    assertThat(replies).extracting(Reply::status).containsExactly(202, 200, 200, 200, 200, 200, 200);
    assertThat(jobs()).hasSize(1);
    String first = replies.get(0).json().get("job_id").asText();
    for (Reply replay : replies.subList(1, replies.size())) {
      assertThat(replay.json())
          .isEqualTo(json.readTree("{\"job_id\":\"" + first + "\",\"replayed\":true}"));
    }
  }

  @Test
  void oneStripeDeliveryReplayedWithItsHeaderRewrittenIsStillOneJob() throws Exception {
    long t = NOW.getEpochSecond();
    String body = "{\"id\":\"evt_7\"}";
    String v1 = Signing.hex("whsec_stripe", t + "." + body);
    List<String> variants =
        List.of(
            "t=" + t + ",v1=" + v1,
            "v1=" + v1 + ",t=" + t,
            "t=" + t + ",v1=" + v1.toUpperCase(),
            "t=" + t + ", v1=" + v1,
            "t=" + t + ",v1=" + v1 + ",v0=" + "1".repeat(64),
            "t=" + t + ",v1=" + "0".repeat(64) + ",v1=" + v1,
            "x=1,t=" + t + ",v1=" + v1);

    List<Integer> statuses = new ArrayList<>();
    for (String header : variants) {
      statuses.add(post("/hook/stripe", body, "Stripe-Signature", header).status());
    }

    assertThat(statuses).containsExactly(202, 200, 200, 200, 200, 200, 200);
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void oneSlackDeliveryReplayedWithItsSignatureInUpperCaseIsStillOneJob() throws Exception {
    long t = NOW.getEpochSecond();
    String body = "token=x&text=hi";
    String v0 = Signing.hex("slack-secret", "v0:" + t + ":" + body);

    Reply first = post("/hook/slack", body, "X-Slack-Request-Timestamp", String.valueOf(t),
        "X-Slack-Signature", "v0=" + v0);
    Reply upper = post("/hook/slack", body, "X-Slack-Request-Timestamp", String.valueOf(t),
        "X-Slack-Signature", "v0=" + v0.toUpperCase());

    assertThat(first.status()).isEqualTo(202);
    assertThat(upper.status()).isEqualTo(200);
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void aGithubDeliveryReplayedWithAnotherDeliveryHeaderIsAReplay() throws Exception {
    // X-GitHub-Delivery is not covered by the signature: changing it must not make a new job.
    String body = "{\"action\":\"deleted\"}";
    String signature = "sha256=" + Signing.hex(GITHUB_SECRET, body);
    Reply first = github("/hook/github", body, "gh-original");
    Reply changed = github("/hook/github", body, "gh-forged-" + UUID.randomUUID());
    Reply none = post("/hook/github", body, "X-Hub-Signature-256", signature);
    Reply upper = post("/hook/github", body, "X-Hub-Signature-256",
        "sha256=" + signature.substring(7).toUpperCase(), "X-GitHub-Delivery", "gh-other");

    assertThat(first.status()).isEqualTo(202);
    assertThat(List.of(changed.status(), none.status(), upper.status())).containsOnly(200);
    assertThat(jobs()).hasSize(1);
    assertThat(json.readTree(jobs().get(0).context()).get("origin_delivery_id").asText())
        .as("GitHub's id is still shown to the plugin")
        .isEqualTo("gh-original");
  }

  @Test
  void aRepeatedGithubDeliveryIdIsAReplayEvenWithAnotherSignedBody() throws Exception {
    // SPEC §8: X-GitHub-Delivery is the delivery id; it is stored beside the MAC.
    Reply first = github("/hook/github", "{\"n\":1}", "gh-same");
    Reply again = github("/hook/github", "{\"n\":2}", "gh-same");

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("job_id").asText()).isEqualTo(first.json().get("job_id").asText());
    assertThat(jobs()).hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------
  // The 1 MB payload limit

  @Test
  void aBodyThatGrowsOver1MbWhenWrappedIs413AndEnqueuesNothing() throws Exception {
    // 200 000 control characters: 200 KB as sent, within max_body_size (1 MB), but each becomes
    // a six-character JSON escape once wrapped as {"body": …}: 1.2 MB.
    String body = "\u0001".repeat(200_000);
    Reply reply = post("/hook/plain", body, "X-Signature", Signing.hex("plain-secret", body),
        "Content-Type", "text/plain");

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.json().get("code").asText()).isEqualTo("payload_too_large");
    assertThat(jobs()).isEmpty();

    String fits = "\u0001".repeat(150_000);
    assertThat(post("/hook/plain", fits, "X-Signature", Signing.hex("plain-secret", fits))
        .status()).as("900 KB wrapped still fits").isEqualTo(202);
  }

  /**
   * Sends {@code request} as is and returns the whole response, read until the server closes the
   * connection (so a test also shows that it does).
   */
  private String raw(String request) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
