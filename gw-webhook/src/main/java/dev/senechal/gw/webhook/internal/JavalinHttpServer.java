package dev.senechal.gw.webhook.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.webhook.DeliveryRejection;
import dev.senechal.gw.webhook.GatewayControl;
import dev.senechal.gw.webhook.Health;
import dev.senechal.gw.webhook.HttpServer;
import dev.senechal.gw.webhook.HttpSettings;
import dev.senechal.gw.webhook.HttpSettingsSource;
import dev.senechal.gw.webhook.HttpStartException;
import dev.senechal.gw.webhook.ListenAddress;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Javalin instance per distinct listen address: the webhook listener, the API listener, or one
 * listener for both when the addresses are equal. Every listener answers {@code /healthz}.
 *
 * <p>Slow clients are kept from holding the request threads: a request is dispatched to a thread
 * only once its first body bytes are in (a client that sends headers alone holds a socket, no
 * thread), a body slower than {@link #MIN_REQUEST_DATA_RATE} is cut off with 408, and a connection
 * is closed after {@link #IDLE_TIMEOUT} without a byte. The webhook routes add a deadline for a
 * whole body and refuse a bad signature header before reading the body.
 */
public final class JavalinHttpServer implements HttpServer {
  private static final Logger log = LoggerFactory.getLogger(JavalinHttpServer.class);

  /** How long a connection may stay silent, also in the middle of a request body. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Threads per listener: the store serializes writes anyway, but a thread is held for as long as
   * a body takes to arrive, so there is headroom for a few dozen slow senders at once.
   */
  static final int MAX_THREADS = 32;

  /**
   * The slowest a request body may arrive, in bytes per second averaged since its first byte
   * (Jetty checks it on every read); a slower one is answered 408.
   */
  static final long MIN_REQUEST_DATA_RATE = 1024;

  private final HttpSettingsSource settings;
  private final JobQueue queue;
  private final ProtocolCodec codec;
  private final Clock clock;
  private final ObjectMapper json = ProtocolCodec.newMapper();
  private final List<Javalin> listeners = new ArrayList<>();
  private final WebhookRejections rejections = new WebhookRejections();
  private Javalin webhooks;
  private Javalin api;
  private boolean closed;

  @Inject
  JavalinHttpServer(
      HttpSettingsSource settings, JobQueue queue, ProtocolCodec codec, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.codec = requireNonNull(codec, "codec is null");
    this.queue = requireNonNull(queue, "queue is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public synchronized void start(GatewayControl control) {
    requireNonNull(control, "control is null");
    if (!listeners.isEmpty() || closed) {
      throw new IllegalStateException("the HTTP server starts once");
    }
    HttpSettings now = settings.httpSettings();
    Optional<ListenAddress> hooks = now.webhooks();
    Optional<ListenAddress> apiAt = now.api();
    boolean shared = hooks.isPresent() && hooks.equals(apiAt);
    try {
      if (hooks.isPresent()) {
        webhooks = listen(hooks.get(), control, true, shared);
      }
      if (apiAt.isPresent()) {
        api = shared ? webhooks : listen(apiAt.get(), control, false, true);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Javalin listen(
      ListenAddress address, GatewayControl control, boolean serveWebhooks, boolean serveApi) {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("http-" + address.port());
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              config.jetty.threadPool = threads;
              config.jetty.addConnector(
                  (server, http) -> {
                    http.setSendServerVersion(false);
                    // A request takes a thread only once body bytes are in: headers alone hold a
                    // socket, not a thread. Jetty still dispatches at once a request that has no
                    // body, or that sent "Expect: 100-continue" (it waits for our answer).
                    http.setDelayDispatchUntilContent(true);
                    http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
                    ServerConnector connector =
                        new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(address.host());
                    connector.setPort(address.port());
                    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                    return connector;
                  });
            });
    app.get("/healthz", ctx -> health(ctx, control));
    if (serveApi) {
      new ApiRoutes(settings, queue, control, codec, clock, json).register(app);
    }
    if (serveWebhooks) {
      new WebhookRoutes(settings, queue, control, codec, clock, json, rejections).register(app);
    }
    // A body under the minimum data rate fails its read with Jetty's 408; answered as such (not as
    // Javalin's 500) wherever it is read. The webhook routes handle it themselves.
    app.exception(BadMessageException.class, (e, ctx) -> {
      ctx.header("Connection", "close");
      error(ctx, e.getCode(), e.getCode() == 408 ? "body_timeout" : "bad_request", e.getReason());
    });
    // Javalin answers an unmatched path with a plain-text body; a 404 of our own routes is JSON
    // already and is left as it is.
    app.error(404, ctx -> {
      String type = ctx.res().getContentType();
      if (type == null || !type.startsWith("application/json")) {
        error(ctx, 404, "not_found", "no such path: " + ctx.path());
      }
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new HttpStartException("cannot listen on " + address + ": " + rootMessage(e), e);
    }
    listeners.add(app);
    log.info(
        "listening on {}:{} ({})",
        address.host(),
        app.port(),
        serveWebhooks && serveApi ? "webhooks, api" : serveWebhooks ? "webhooks" : "api");
    return app;
  }

  private void health(Context ctx, GatewayControl control) {
    Health health = control.health();
    ObjectNode body = json.createObjectNode();
    body.put("status", health.status());
    body.put("uptime_seconds", health.uptimeSeconds());
    body.put("queue_depth", health.queueDepth());
    body.put("plugins_loaded", health.pluginsLoaded());
    body.put("plugins_circuit_open", health.pluginsCircuitOpen());
    ctx.status(200).contentType("application/json").result(body.toString());
  }

  /** Answers {@code {"error": message, "code": code}} with {@code status}. */
  static void error(Context ctx, int status, String code, String message) {
    ctx.status(status)
        .contentType("application/json")
        .result(
            JsonNodeFactory.instance
                .objectNode()
                .put("error", message)
                .put("code", code)
                .toString());
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @Override
  public synchronized Optional<Integer> webhooksPort() {
    return Optional.ofNullable(webhooks).map(Javalin::port);
  }

  @Override
  public synchronized Optional<Integer> apiPort() {
    return Optional.ofNullable(api).map(Javalin::port);
  }

  @Override
  public Map<DeliveryRejection, Long> rejectedDeliveries() {
    return rejections.snapshot();
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Javalin app : listeners) {
      try {
        app.stop();
      } catch (RuntimeException e) {
        log.error("stopping a listener failed", e);
      }
    }
    listeners.clear();
    webhooks = null;
    api = null;
  }
}
