package dev.senechal.gw.webhook.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobJson;
import dev.senechal.gw.queue.JobNotFoundException;
import dev.senechal.gw.queue.JobNotRetryableException;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.JobTrace;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.router.Router;
import dev.senechal.gw.webhook.ApiToken;
import dev.senechal.gw.webhook.GatewayControl;
import dev.senechal.gw.webhook.GatewayControl.ControlResult;
import dev.senechal.gw.webhook.HttpSettingsSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of SPEC §8 under {@code /api} (docs/api.md). Every request needs a bearer token of
 * the config's {@code api.tokens}, read per request so a reload's tokens apply at once; the token's
 * scopes decide what it may do. Every error is {@code {"error": "…", "code": "…"}}.
 */
final class ApiRoutes {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

  /** The command whose payload is an event envelope. */
  static final String HANDLE = "handle";

  /** The {@code source} of an API event, its default {@code type}, and the context's origin. */
  static final String EVENT_SOURCE = "api";

  /** The longest {@code ?wait=}; a longer one is refused (400), not shortened. */
  static final Duration MAX_WAIT = Duration.ofMinutes(5);

  /**
   * How many requests may wait ({@code ?wait=}) at once. A waiting request holds no listener
   * thread (the wait is asynchronous), only its connection and a few objects; the cap bounds those.
   * Past it a trigger is answered 202 at once, as when its wait runs out.
   */
  static final int MAX_WAITING = 64;

  /** Threads that finish waits: read the settled tree from the store and write the answer. */
  private static final int WAIT_THREADS = 2;

  /** The most jobs {@code GET /api/jobs} lists at once. */
  static final int MAX_LIST_LIMIT = 1000;

  /** A body holds at most a payload (1 MB), a context (64 KB) and some JSON around them. */
  static final int MAX_BODY_BYTES =
      (int) (Router.MAX_PAYLOAD_BYTES + Router.MAX_CONTEXT_BYTES + 4096);

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private static final List<HandlerType> METHODS =
      List.of(
          HandlerType.GET,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE);

  /** What a token needs for a request. */
  private enum Scope {
    READ,
    TRIGGER,
    ADMIN
  }

  /** A known path: its pattern and the one method it answers (for 405). */
  private record KnownPath(Pattern path, HandlerType method) {}

  private static final List<KnownPath> KNOWN =
      List.of(
          new KnownPath(Pattern.compile("/api/trigger/[^/]+/[^/]+"), HandlerType.POST),
          new KnownPath(Pattern.compile("/api/jobs"), HandlerType.GET),
          new KnownPath(Pattern.compile("/api/jobs/[^/]+"), HandlerType.GET),
          new KnownPath(Pattern.compile("/api/jobs/[^/]+/trace"), HandlerType.GET),
          new KnownPath(Pattern.compile("/api/jobs/[^/]+/retry"), HandlerType.POST),
          new KnownPath(Pattern.compile("/api/plugins"), HandlerType.GET),
          new KnownPath(Pattern.compile("/api/plugins/[^/]+/reset"), HandlerType.POST),
          new KnownPath(Pattern.compile("/api/reload"), HandlerType.POST));

  private final Semaphore waiting = new Semaphore(MAX_WAITING);
  private final Executor waitThreads = waitExecutor();
  private final HttpSettingsSource settings;
  private final JobQueue queue;
  private final GatewayControl control;
  private final ObjectMapper json;
  private final Clock clock;
  private final ProtocolCodec codec;

  ApiRoutes(
      HttpSettingsSource settings,
      JobQueue queue,
      GatewayControl control,
      ProtocolCodec codec,
      Clock clock,
      ObjectMapper json) {
    this.settings = settings;
    this.queue = queue;
    this.control = control;
    this.codec = codec;
    this.json = json;
    this.clock = clock;
  }

  /** A request the handler refuses: answered as {@code {"error", "code"}} with {@code status}. */
  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  @FunctionalInterface
  private interface Handler {
    void handle(Context ctx, ApiToken token) throws Exception;
  }

  void register(Javalin app) {
    app.post("/api/trigger/{plugin}/{command}", guarded(Scope.TRIGGER, this::trigger));
    app.get("/api/jobs", guarded(Scope.READ, this::listJobs));
    app.get("/api/jobs/{id}", guarded(Scope.READ, this::showJob));
    app.get("/api/jobs/{id}/trace", guarded(Scope.READ, this::trace));
    app.post("/api/jobs/{id}/retry", guarded(Scope.ADMIN, this::retry));
    app.get("/api/plugins", guarded(Scope.READ, this::plugins));
    app.post("/api/plugins/{name}/reset", guarded(Scope.ADMIN, this::reset));
    app.post("/api/reload", guarded(Scope.ADMIN, this::reload));
    // Registered last, so they only see what no route above took: an unknown path under /api, or a
    // known one with another method. The token is checked first, so without one nothing is
    // revealed about which paths exist.
    for (HandlerType method : METHODS) {
      app.addHttpHandler(method, "/api/*", guarded(null, this::unmatched));
    }
  }

  private io.javalin.http.Handler guarded(Scope scope, Handler handler) {
    return ctx -> {
      try {
        ApiToken token = authenticate(ctx);
        if (scope != null && scope != Scope.TRIGGER && !allows(token, scope)) {
          throw forbidden(token, ctx, scope == Scope.ADMIN ? "admin" : "read or admin");
        }
        handler.handle(ctx, token);
      } catch (Exception e) {
        answerError(ctx, e);
      }
    };
  }

  /** Answers a request that failed, with the documented {@code {"error", "code"}}. */
  private static void answerError(Context ctx, Throwable failure) {
    Throwable e = failure;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof ApiError api) {
      if (api.status == 401) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"senechal-gw\"");
      }
      JavalinHttpServer.error(ctx, api.status, api.code, api.getMessage());
    } else if (e instanceof QueueException) {
      log.error("API {} {}: the store failed", ctx.method(), ctx.path(), e);
      JavalinHttpServer.error(
          ctx, 503, "store_unavailable",
          "the store cannot serve this request now; see the daemon's log");
    } else {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.error("API {} {} failed", ctx.method(), ctx.path(), e);
      JavalinHttpServer.error(
          ctx, 500, "internal_error", "the gateway failed to answer; see its log");
    }
  }

  private static Executor waitExecutor() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            WAIT_THREADS,
            WAIT_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "api-wait-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  // ---- tokens and scopes ---------------------------------------------------------------------

  /**
   * The token whose key is the bearer credential. The presented key is compared with every
   * configured key, always all of them, through SHA-256 digests of equal length, so the time taken
   * says neither which token matched nor how much of a key was right.
   */
  private ApiToken authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new ApiError(401, "unauthorized", "missing Authorization: Bearer <token> header");
    }
    String[] parts = header.strip().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isEmpty()) {
      throw new ApiError(
          401, "unauthorized", "the Authorization header must be 'Bearer <token>'");
    }
    byte[] presented = sha256(parts[1].strip().getBytes(UTF_8));
    ApiToken matched = null;
    for (ApiToken token : settings.httpSettings().tokens()) {
      boolean equal = MessageDigest.isEqual(presented, sha256(token.key()));
      if (equal && matched == null) {
        matched = token;
      }
    }
    if (matched == null) {
      log.warn("API {} {} refused: unknown bearer token", ctx.method(), ctx.path());
      throw new ApiError(401, "unauthorized", "unknown bearer token");
    }
    return matched;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** {@code admin} allows everything; {@code read} allows GETs. */
  private static boolean allows(ApiToken token, Scope scope) {
    List<String> scopes = token.scopes();
    if (scopes.contains("admin")) {
      return true;
    }
    return scope == Scope.READ && scopes.contains("read");
  }

  /** {@code admin}, {@code trigger:*}, {@code trigger:<plugin>} or {@code trigger:<plugin>:<command>}. */
  private static boolean allowsTrigger(ApiToken token, String plugin, String command) {
    for (String scope : token.scopes()) {
      if (scope.equals("admin")
          || scope.equals("trigger:*")
          || scope.equals("trigger:" + plugin)
          || scope.equals("trigger:" + plugin + ":" + command)) {
        return true;
      }
    }
    return false;
  }

  private static ApiError forbidden(ApiToken token, Context ctx, String needs) {
    log.warn(
        "API {} {} refused: token {} lacks the scope ({})",
        ctx.method(),
        ctx.path(),
        token.name(),
        needs);
    return new ApiError(
        403,
        "forbidden",
        "token " + token.name() + " (scopes " + token.scopes() + ") may not "
            + ctx.method() + " " + ctx.path() + "; that needs " + needs);
  }

  // ---- trigger -------------------------------------------------------------------------------

  private void trigger(Context ctx, ApiToken token) throws Exception {
    String plugin = ctx.pathParam("plugin");
    String command = ctx.pathParam("command");
    if (!allowsTrigger(token, plugin, command)) {
      throw forbidden(
          token,
          ctx,
          "trigger:" + plugin + ":" + command + ", trigger:" + plugin + ", trigger:* or admin");
    }
    Optional<Duration> wait = waitParameter(ctx);
    boolean handle = command.equals(HANDLE);
    ObjectNode body =
        bodyObject(
            ctx, handle ? List.of("payload", "context", "type") : List.of("payload", "context"));
    ObjectNode payload = objectField(body, "payload");
    ObjectNode context = objectField(body, "context");
    String type = handle ? eventType(body) : null;
    for (Iterator<String> keys = context.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.startsWith("origin_")) {
        throw new ApiError(
            400,
            "origin_key_reserved",
            "context key '" + key + "' is reserved: the gateway sets the origin_ keys "
                + "(origin_source: api, origin_token: the token's name)");
      }
    }
    String payloadJson = json.writeValueAsString(payload);
    if (payloadJson.getBytes(UTF_8).length > Router.MAX_PAYLOAD_BYTES) {
      throw new ApiError(413, "payload_too_large", "payload is over 1 MB");
    }
    Optional<String> refusal = control.refuse(plugin, command);
    if (refusal.isPresent()) {
      // The engine's reason may name plugin directories: it goes to the log, not to the caller.
      log.warn(
          "API: token {} cannot trigger {} {}: {}", token.name(), plugin, command, refusal.get());
      throw new ApiError(
          404,
          "cannot_trigger",
          "plugin " + plugin + " cannot take command " + command
              + " (not loaded, not enabled or not declared)");
    }
    if (handle) {
      // A handle job's payload is an event envelope (docs/protocol.md), as webhooks build it.
      payloadJson =
          codec.encodeEvent(
              new PluginEvent(
                  type, payloadJson, UUID.randomUUID().toString(), EVENT_SOURCE, clock.instant(),
                  null));
      if (payloadJson.getBytes(UTF_8).length > Router.MAX_PAYLOAD_BYTES) {
        throw new ApiError(413, "payload_too_large", "payload is over 1 MB");
      }
    }
    context.put("origin_source", EVENT_SOURCE);
    context.put("origin_token", token.name());
    String contextJson = json.writeValueAsString(context);
    if (contextJson.getBytes(UTF_8).length > Router.MAX_CONTEXT_BYTES) {
      throw new ApiError(413, "context_too_large", "context is over 64 KB");
    }
    NewJob job =
        NewJob.of(plugin, command, payloadJson, SubmittedBy.API)
            .withMaxAttempts(control.maxAttempts(plugin))
            .withContext(contextJson);
    EnqueueResult result = queue.enqueue(job);
    String id = result.jobId();
    log.info("API: token {} triggered {} {} as job {}", token.name(), plugin, command, id);
    ctx.header("Location", "/api/jobs/" + id);
    boolean waits = wait.isPresent() && !wait.get().isZero();
    if (waits) {
      if (waiting.tryAcquire()) {
        // The wait holds no listener thread: the request is suspended until the tree settles or
        // the wait runs out, and answered from a wait thread.
        ctx.future(
            () ->
                awaitTree(id, wait.get())
                    .handleAsync(
                        (tree, failure) -> {
                          try {
                            if (failure != null) {
                              answerError(ctx, failure);
                            } else {
                              answerWait(ctx, id, tree);
                            }
                          } catch (RuntimeException e) {
                            answerError(ctx, e);
                          } finally {
                            waiting.release();
                          }
                          return null;
                        },
                        waitThreads));
        return;
      }
      log.warn(
          "API: {} requests already wait; job {} is answered 202 without waiting",
          MAX_WAITING,
          id);
    }
    answerWait(ctx, id, waits ? Optional.empty() : null);
  }

  /**
   * The trigger's answer: 200 with the settled {@code tree}, else 202 with {@code settled: false}
   * when the wait ran out (empty), or 202 with the id alone when there was no wait ({@code null}).
   */
  private void answerWait(Context ctx, String id, Optional<List<Job>> tree) {
    if (tree != null && tree.isPresent()) {
      ObjectNode answer = json.createObjectNode();
      answer.put("job_id", id);
      answer.put("settled", true);
      var jobs = answer.putArray("jobs");
      for (Job settled : tree.get()) {
        jobs.add(JobJson.show(queue, settled));
      }
      respond(ctx, 200, answer);
      return;
    }
    ObjectNode accepted = json.createObjectNode().put("job_id", id);
    if (tree != null) {
      accepted.put("settled", false);
    }
    respond(ctx, 202, accepted);
  }

  /** The event type of a {@code handle} trigger: the body's {@code type}, by default {@code api}. */
  private static String eventType(ObjectNode body) {
    JsonNode type = body.get("type");
    if (type == null || type.isNull()) {
      return EVENT_SOURCE;
    }
    if (!type.isTextual() || type.asText().isBlank()) {
      throw new ApiError(400, "bad_request", "'type' must be a non-empty string, the event type");
    }
    return type.asText().strip();
  }

  /** The {@code wait} query parameter: a duration such as 250ms, 30s or 5m, at most 5m. */
  private static Optional<Duration> waitParameter(Context ctx) {
    String text = ctx.queryParam("wait");
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new ApiError(
          400, "bad_wait", "wait='" + text + "' is not a duration such as 250ms, 30s or 5m");
    }
    long n = Long.parseLong(m.group(1));
    Duration wait =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (wait.compareTo(MAX_WAIT) > 0) {
      throw new ApiError(400, "bad_wait", "wait=" + text + " is longer than the maximum, 5m");
    }
    return Optional.of(wait);
  }

  /**
   * Completes once {@code rootId} and, recursively, every job its settle enqueued are settled for
   * good. Children are enqueued in their parent's final settle, so once a job is settled its
   * children are all known.
   *
   * @return the tree's jobs, root first, depth first, or empty when {@code wait} ran out
   */
  private CompletableFuture<Optional<List<Job>>> awaitTree(String rootId, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(rootId);
    return awaitPending(pending, deadline)
        .thenApplyAsync(
            settled -> settled ? JobTrace.of(queue, rootId).map(JobTrace::jobs) : Optional.empty(),
            waitThreads);
  }

  /** Settles {@code pending} one by one, adding each one's children; false when time ran out. */
  private CompletableFuture<Boolean> awaitPending(Deque<String> pending, long deadline) {
    String id = pending.poll();
    if (id == null) {
      return CompletableFuture.completedFuture(true);
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return CompletableFuture.completedFuture(false);
    }
    return control
        .await(id)
        .handle(
            (job, failure) -> {
              if (failure != null) {
                throw new ApiError(
                    503, "shutting_down", "the gateway stopped before job " + id + " settled");
              }
              return true;
            })
        .completeOnTimeout(false, left, TimeUnit.NANOSECONDS)
        .thenComposeAsync(
            settled -> {
              if (!settled) {
                return CompletableFuture.completedFuture(false);
              }
              queue.children(id).forEach(child -> pending.add(child.id()));
              return awaitPending(pending, deadline);
            },
            waitThreads);
  }

  // ---- jobs ----------------------------------------------------------------------------------

  private void listJobs(Context ctx, ApiToken token) {
    JobStatus status = null;
    String statusText = ctx.queryParam("status");
    if (statusText != null) {
      try {
        status = JobStatus.fromWireName(statusText);
      } catch (IllegalArgumentException e) {
        throw new ApiError(
            400,
            "bad_request",
            "status='" + statusText
                + "' is not one of queued, running, succeeded, failed, timed_out, dead");
      }
    }
    int limit = 20;
    String limitText = ctx.queryParam("limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText.strip());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIST_LIMIT) {
        throw new ApiError(
            400,
            "bad_request",
            "limit='" + limitText + "' is not a number from 1 to " + MAX_LIST_LIMIT);
      }
    }
    String plugin = ctx.queryParam("plugin");
    respond(ctx, 200, JobJson.list(queue.list(new JobQuery(status, plugin, limit))));
  }

  private void showJob(Context ctx, ApiToken token) {
    String id = ctx.pathParam("id");
    Job job = queue.find(id).orElseThrow(() -> jobNotFound(id));
    respond(ctx, 200, JobJson.show(queue, job));
  }

  private void trace(Context ctx, ApiToken token) {
    String id = ctx.pathParam("id");
    JobTrace trace = JobTrace.of(queue, id).orElseThrow(() -> jobNotFound(id));
    respond(ctx, 200, trace.json());
  }

  private void retry(Context ctx, ApiToken token) throws Exception {
    String id = ctx.pathParam("id");
    ObjectNode body = bodyObject(ctx, List.of("payload"));
    String payload = null;
    if (body.has("payload") && !body.get("payload").isNull()) {
      payload = json.writeValueAsString(objectField(body, "payload"));
    }
    Job retry;
    try {
      retry = queue.retry(id, payload, SubmittedBy.API);
    } catch (JobNotFoundException e) {
      throw jobNotFound(id);
    } catch (JobNotRetryableException e) {
      throw new ApiError(409, "not_retryable", e.getMessage());
    }
    log.info("API: token {} retried job {} as job {}", token.name(), id, retry.id());
    ctx.header("Location", "/api/jobs/" + retry.id());
    respond(ctx, 202, JobJson.retried(retry.id(), id));
  }

  private static ApiError jobNotFound(String id) {
    return new ApiError(404, "job_not_found", "no job " + id);
  }

  // ---- plugins, reset, reload ----------------------------------------------------------------

  private void plugins(Context ctx, ApiToken token) {
    respond(ctx, 200, control.plugins());
  }

  private void reset(Context ctx, ApiToken token) {
    String plugin = ctx.pathParam("name");
    String command = ctx.queryParam("command");
    if (command != null && command.isBlank()) {
      throw new ApiError(400, "bad_request", "command= must name a command");
    }
    ControlResult result = control.reset(plugin, command);
    if (!result.ok()) {
      respond(ctx, 404, result.body());
      return;
    }
    log.info("API: token {} reset the breakers of {} {}", token.name(), plugin,
        command == null ? "(every command)" : command);
    respond(ctx, 200, result.body());
  }

  private void reload(Context ctx, ApiToken token) {
    ControlResult result;
    try {
      result = control.reload();
    } catch (IllegalStateException e) {
      throw new ApiError(409, "reload_unavailable", e.getMessage());
    }
    log.info("API: token {} asked for a reload; applied: {}", token.name(), result.ok());
    if (result.ok()) {
      respond(ctx, 200, result.body());
      return;
    }
    ObjectNode body = result.body().deepCopy();
    body.put("error", "the config file is invalid; the running configuration stays");
    body.put("code", "config_invalid");
    respond(ctx, 422, body);
  }

  // ---- the rest ------------------------------------------------------------------------------

  private void unmatched(Context ctx, ApiToken token) {
    for (KnownPath known : KNOWN) {
      if (known.path().matcher(ctx.path()).matches()) {
        ctx.header("Allow", known.method().name());
        throw new ApiError(
            405,
            "method_not_allowed",
            ctx.method() + " is not allowed on " + ctx.path() + "; use " + known.method());
      }
    }
    throw new ApiError(404, "not_found", "no such API path: " + ctx.path());
  }

  /**
   * The request body as a JSON object with only {@code allowed} keys; an empty body is {@code {}}.
   */
  private ObjectNode bodyObject(Context ctx, List<String> allowed) {
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new ApiError(400, "bad_request", "could not read the request body: " + e.getMessage());
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new ApiError(
          413, "body_too_large", "the request body is over " + MAX_BODY_BYTES + " bytes");
    }
    String text = new String(bytes, UTF_8);
    if (text.isBlank()) {
      return json.createObjectNode();
    }
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "bad_json", "the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ApiError(400, "bad_json", "the body must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ApiError(
            400,
            "bad_request",
            "unknown key '" + name + "' in the body; allowed: " + String.join(", ", allowed));
      }
    }
    return (ObjectNode) node;
  }

  /** The object under {@code key}, a new empty one when absent or null. */
  private ObjectNode objectField(ObjectNode body, String key) {
    JsonNode value = body.get(key);
    if (value == null || value.isNull()) {
      return json.createObjectNode();
    }
    if (!value.isObject()) {
      throw new ApiError(
          400,
          "bad_request",
          "'" + key + "' must be a JSON object, not " + value.getNodeType().name()
              .toLowerCase(Locale.ROOT));
    }
    return (ObjectNode) value.deepCopy();
  }

  private void respond(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
