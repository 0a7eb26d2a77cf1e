package dev.senechal.gw.webhook.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.Delivery;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.router.Router;
import dev.senechal.gw.webhook.DeliveryRejection;
import dev.senechal.gw.webhook.GatewayControl;
import dev.senechal.gw.webhook.HttpSettingsSource;
import dev.senechal.gw.webhook.SignatureScheme;
import dev.senechal.gw.webhook.WebhookEndpoint;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook endpoints of SPEC §8 on a listener. Endpoints are looked up per request, so a reload
 * adds, changes or removes them at once. A delivery goes: path (404) → method (405) → declared
 * {@code Content-Length} within {@code max_body_size} (413) → signature headers present and well
 * formed (403, before any body byte is read) → body read within {@code max_body_size} (413) and
 * within {@link #BODY_DEADLINE} (408) → signature and timestamp (403) → payload within 1 MB (413)
 * → plugin can take it (503) → durable enqueue with its delivery id, grouped with concurrent
 * deliveries (202, 200 for a replay, 503 when the store fails).
 */
final class WebhookRoutes {
  private static final Logger log = LoggerFactory.getLogger(WebhookRoutes.class);

  /** A {@code handle} job's payload is an event envelope (docs/protocol.md), built here. */
  static final String HANDLE = "handle";

  /** The {@code source} of a webhook's event, and its {@code type} unless the sender names one. */
  static final String EVENT_SOURCE = "webhook";

  static final String GITHUB_EVENT = "X-GitHub-Event";

  /**
   * The longest a body may take to arrive, however steadily it trickles in: past it the delivery
   * is answered 408 and the thread is free again. The listener's minimum data rate (1 KB/s) and
   * idle timeout (10 s) usually end a slow client well before.
   */
  static final Duration BODY_DEADLINE = Duration.ofSeconds(30);

  private final HttpSettingsSource settings;
  private final GatewayControl control;
  private final Clock clock;
  private final ObjectMapper json;
  private final WebhookRejections rejections;
  private final GroupCommitter committer;
  private final ProtocolCodec codec;

  WebhookRoutes(
      HttpSettingsSource settings,
      JobQueue queue,
      GatewayControl control,
      ProtocolCodec codec,
      Clock clock,
      ObjectMapper json,
      WebhookRejections rejections) {
    this.settings = requireNonNull(settings, "settings is null");
    this.control = requireNonNull(control, "control is null");
    this.codec = requireNonNull(codec, "codec is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.json = requireNonNull(json, "json is null");
    this.rejections = requireNonNull(rejections, "rejections is null");
    this.committer = new GroupCommitter(requireNonNull(queue, "queue is null"));
  }

  /**
   * Registers a catch-all POST handler (it must come after the API's routes, which Javalin then
   * matches first) and a before-handler answering 405 to any other method on an endpoint path;
   * other paths keep Javalin's own handling (HEAD and GET of /healthz, the 404 of the listener).
   */
  void register(Javalin app) {
    app.post("*", this::deliver);
    app.before(this::otherMethod);
  }

  private void otherMethod(Context ctx) {
    if (ctx.method() != HandlerType.POST
        && settings.httpSettings().endpoint(ctx.path()).isPresent()) {
      ctx.header("Allow", "POST");
      JavalinHttpServer.error(
          ctx, 405, "method_not_allowed", "a webhook endpoint takes POST only, not " + ctx.method());
      ctx.skipRemainingHandlers();
    }
  }

  private static void notFound(Context ctx) {
    JavalinHttpServer.error(ctx, 404, "not_found", "no such path: " + ctx.path());
  }

  private void deliver(Context ctx) throws IOException {
    Optional<WebhookEndpoint> found = settings.httpSettings().endpoint(ctx.path());
    if (found.isEmpty()) {
      notFound(ctx);
      return;
    }
    WebhookEndpoint endpoint = found.get();
    long declared = ctx.req().getContentLengthLong();
    if (declared > endpoint.maxBodySize()) {
      reject(ctx, endpoint, DeliveryRejection.BODY_TOO_LARGE, "Content-Length " + declared);
      return;
    }
    Optional<WebhookSignatures.Rejected> badHeaders =
        WebhookSignatures.checkHeaders(endpoint, ctx::header, clock.instant());
    if (badHeaders.isPresent()) {
      reject(ctx, endpoint, badHeaders.get().reason(), badHeaders.get().detail());
      return;
    }
    byte[] body;
    try {
      body = readAtMost(ctx.req().getInputStream(), endpoint.maxBodySize(), BODY_DEADLINE);
    } catch (SlowBody e) {
      reject(ctx, endpoint, DeliveryRejection.BODY_TIMEOUT, e.getMessage());
      return;
    }
    if (body.length > endpoint.maxBodySize()) {
      reject(ctx, endpoint, DeliveryRejection.BODY_TOO_LARGE, "body read past the cap");
      return;
    }
    WebhookSignatures.Verdict verdict =
        WebhookSignatures.verify(endpoint, ctx::header, body, clock.instant());
    if (verdict instanceof WebhookSignatures.Rejected rejected) {
      reject(ctx, endpoint, rejected.reason(), rejected.detail());
      return;
    }
    WebhookSignatures.Accepted accepted = (WebhookSignatures.Accepted) verdict;
    String deliveryId = accepted.deliveryId();
    String payload = payload(body, ctx.contentType());
    long payloadBytes = payload.getBytes(StandardCharsets.UTF_8).length;
    if (payloadBytes > Router.MAX_PAYLOAD_BYTES) {
      // Only a body that is not a JSON object grows here: JSON escapes (up to 6x) or base64.
      log.warn(
          "webhook delivery {} to {} from {} not accepted: its payload, wrapped, is {} bytes, "
              + "over the 1 MB payload limit",
          deliveryId,
          endpoint.path(),
          ctx.ip(),
          payloadBytes);
      ctx.header("Connection", "close");
      JavalinHttpServer.error(
          ctx,
          413,
          "payload_too_large",
          "the body, wrapped as a JSON payload, is over 1 MB; send a smaller body or JSON");
      return;
    }
    Optional<String> refused = control.refuse(endpoint.plugin(), endpoint.command());
    if (refused.isPresent()) {
      // The reason may name plugin directories: it is for the operator's log, not the sender.
      log.warn(
          "webhook delivery {} to {} not accepted: {}; answered 503 so the sender retries",
          deliveryId,
          endpoint.path(),
          refused.get());
      JavalinHttpServer.error(
          ctx,
          503,
          "plugin_unavailable",
          "the plugin of this endpoint cannot take deliveries now; send it again later");
      return;
    }
    if (endpoint.command().equals(HANDLE)) {
      payload =
          codec.encodeEvent(
              new PluginEvent(
                  eventType(endpoint, ctx),
                  payload,
                  UUID.randomUUID().toString(),
                  EVENT_SOURCE,
                  clock.instant(),
                  null));
    }
    NewJob job =
        NewJob.of(endpoint.plugin(), endpoint.command(), payload, SubmittedBy.WEBHOOK)
            .withMaxAttempts(control.maxAttempts(endpoint.plugin()))
            .withContext(context(endpoint, accepted.originId()));
    EnqueueResult result;
    try {
      result =
          committer.commit(new Delivery(endpoint.path(), deliveryId, job, accepted.originId()));
    } catch (RuntimeException e) {
      log.error(
          "webhook delivery {} to {} could not be stored; answered 503",
          deliveryId,
          endpoint.path(),
          e);
      JavalinHttpServer.error(
          ctx, 503, "store_unavailable", "the delivery could not be stored; send it again later");
      return;
    }
    ObjectNode answer = json.createObjectNode().put("job_id", result.jobId());
    if (result.deduplicated()) {
      log.info(
          "webhook delivery {} to {} is a replay of job {}; nothing enqueued",
          deliveryId,
          endpoint.path(),
          result.jobId());
      answer.put("replayed", true);
      ctx.status(200);
    } else {
      log.debug(
          "webhook delivery {} to {} enqueued as job {}",
          deliveryId,
          endpoint.path(),
          result.jobId());
      ctx.status(202);
    }
    ctx.contentType("application/json").result(answer.toString());
  }

  private void reject(
      Context ctx, WebhookEndpoint endpoint, DeliveryRejection reason, String detail) {
    long count = rejections.count(reason);
    log.warn(
        "webhook delivery to {} from {} rejected ({}): {}; {} rejected for this reason since start",
        endpoint.path(),
        ctx.ip(),
        reason.wireName(),
        detail,
        count);
    // Every rejection may leave body bytes unread: the connection is not reused, so Jetty does not
    // wait for (or read) the rest of a body nobody wants.
    ctx.header("Connection", "close");
    if (reason == DeliveryRejection.BODY_TOO_LARGE) {
      JavalinHttpServer.error(
          ctx,
          413,
          "body_too_large",
          "the body is over max_body_size (" + endpoint.maxBodySize() + " bytes) of this endpoint");
    } else if (reason == DeliveryRejection.BODY_TIMEOUT) {
      JavalinHttpServer.error(
          ctx,
          408,
          "body_timeout",
          "the body arrived too slowly (under 1 KB/s, or not whole within "
              + BODY_DEADLINE.toSeconds()
              + " s)");
    } else {
      ctx.status(reason.status()).result("");
    }
  }

  /** The body did not arrive in time; the message says how, for the log. */
  static final class SlowBody extends Exception {
    SlowBody(String message) {
      super(message);
    }
  }

  /**
   * Reads at most {@code cap + 1} bytes, so a longer body is detected without reading it all, and
   * gives up with {@link SlowBody} once {@code deadline} has passed since the first read or when
   * Jetty finds the body under the listener's minimum data rate. A read blocks at most the idle
   * timeout, so the deadline is overrun by at most that.
   */
  static byte[] readAtMost(InputStream in, long cap, Duration deadline)
      throws IOException, SlowBody {
    long limit = cap + 1;
    long start = System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 8192));
    byte[] buffer = new byte[8192];
    long total = 0;
    while (total < limit) {
      int n;
      try {
        n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
      } catch (BadMessageException e) {
        if (e.getCode() == 408) {
          throw new SlowBody(e.getReason() + " after " + total + " bytes");
        }
        throw e;
      }
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      total += n;
      if (total < limit && System.nanoTime() - start > deadline.toNanos()) {
        throw new SlowBody(
            "body not whole after " + deadline.toSeconds() + " s (" + total + " bytes read)");
      }
    }
    return out.toByteArray();
  }

  /**
   * A JSON object body as it came; anything else wrapped: {@code {"body": text, "content_type":
   * …}}, or {@code body_base64} instead of {@code body} when the bytes are not UTF-8.
   */
  private String payload(byte[] body, String contentType) {
    String text = utf8(body);
    if (text != null) {
      try {
        JsonNode parsed = json.readTree(text);
        if (parsed != null && parsed.isObject()) {
          return text;
        }
      } catch (IOException e) {
        // Not JSON: wrapped below.
      }
    }
    ObjectNode wrapped = json.createObjectNode();
    if (text != null) {
      wrapped.put("body", text);
    } else {
      wrapped.put("body_base64", Base64.getEncoder().encodeToString(body));
    }
    if (contentType == null) {
      wrapped.putNull("content_type");
    } else {
      wrapped.put("content_type", contentType);
    }
    return wrapped.toString();
  }

  /** The body as text when it is valid UTF-8, else null. */
  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** GitHub names its event in a header; every other delivery is of type {@code webhook}. */
  private static String eventType(WebhookEndpoint endpoint, Context ctx) {
    if (endpoint.scheme() == SignatureScheme.GITHUB) {
      String event = ctx.header(GITHUB_EVENT);
      if (event != null && !event.isBlank()) {
        return event.strip();
      }
    }
    return EVENT_SOURCE;
  }

  private String context(WebhookEndpoint endpoint, String deliveryId) {
    return json.createObjectNode()
        .put("origin_source", "webhook")
        .put("origin_path", endpoint.path())
        .put("origin_delivery_id", deliveryId)
        .toString();
  }
}
