package dev.senechal.gw.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobJson;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.JobTrace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API (SPEC §8, docs/api.md) against a started engine with real plugins in a temp
 * directory, over real HTTP on a loopback port chosen by the system.
 */
class GatewayApiTest {
  private static final String ADMIN = "admin-key-0123456789";
  private static final String READ = "read-key-0123456789";
  private static final String FIRST_POLL = "first-poll-key-0123456789";
  private static final String ANY_TRIGGER = "any-trigger-key-0123456789";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path dir;
  private Path configFile;
  private Gateway gateway;
  private int port;

  /** An HTTP answer: status, body parsed, and the headers that matter here. */
  record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

  @BeforeEach
  void start() throws Exception {
    Path plugins = dir.resolve("plugins");
    plugin(plugins, "first", "[poll]",
        "cat >/dev/null\n"
            + "echo '{\"status\":\"ok\",\"result\":\"first done\",\"events\":[{\"type\":\"pong\","
            + "\"payload\":{\"n\":1},\"context\":{\"hop\":\"first\"}}]}'\n");
    plugin(plugins, "second", "[handle]",
        "cat > " + dir.resolve("second-request.json")
            + "\necho '{\"status\":\"ok\",\"result\":\"second done\"}'\n");
    plugin(plugins, "sleepy", "[poll]", "cat >/dev/null\nsleep 3\necho '{\"status\":\"ok\"}'\n");
    plugin(plugins, "failing", "[poll]",
        "cat >/dev/null\necho '{\"status\":\"error\",\"error\":\"upstream down\"}'\n");
    plugin(plugins, "later", "[poll]", "cat >/dev/null\necho '{\"status\":\"ok\"}'\n");
    configFile = dir.resolve("config.yaml");
    Files.writeString(configFile, config(""));
    gateway = Gateway.builder(ConfigLoader.load(configFile, Map.of())).build();
    gateway.start();
    port = gateway.apiPort().orElseThrow();
  }

  private String config(String extraPlugins) {
    return "service: {tick_interval: 1d, shutdown_grace: 0s}\n"
        + "state: {path: ./data/state.db}\n"
        + "plugins_dir: " + dir.resolve("plugins") + "\n"
        + "plugins:\n"
        + "  first: {}\n"
        + "  second: {}\n"
        + "  sleepy: {}\n"
        + "  failing:\n"
        + "    retry: {max_attempts: 1}\n"
        + "    circuit_breaker: {threshold: 1, reset_after: 30m}\n"
        + extraPlugins
        + "routes:\n"
        + "  - {from: first, event_type: pong, to: second}\n"
        + "api:\n"
        + "  listen: 127.0.0.1:0\n"
        + "  tokens:\n"
        + "    - {name: ops, key: " + ADMIN + ", scopes: [admin]}\n"
        + "    - {name: dashboard, key: " + READ + ", scopes: [read]}\n"
        + "    - {name: cron, key: " + FIRST_POLL + ", scopes: [\"trigger:first:poll\"]}\n"
        + "    - {name: bot, key: " + ANY_TRIGGER + ", scopes: [\"trigger:*\"]}\n";
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private static void plugin(Path plugins, String name, String commands, String script)
      throws Exception {
    Path plugin = Files.createDirectories(plugins.resolve(name));
    Files.writeString(
        plugin.resolve("manifest.yaml"),
        "name: " + name + "\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: "
            + commands + "\n");
    Files.writeString(plugin.resolve("run.sh"), "#!/bin/sh\n" + script);
    plugin.resolve("run.sh").toFile().setExecutable(true);
  }

  private Answer call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode parsed = response.body().isEmpty() ? null : json.readTree(response.body());
    return new Answer(response.statusCode(), parsed, response);
  }

  private Answer get(String path, String token) throws Exception {
    return call("GET", path, token, null);
  }

  private Answer post(String path, String token, String body) throws Exception {
    return call("POST", path, token, body);
  }

  /** Asserts the documented error shape: exactly {@code error} and {@code code}, both text. */
  private static void assertError(Answer answer, int status, String code) {
    assertThat(answer.status()).as("status, body %s", answer.body()).isEqualTo(status);
    assertThat(answer.body().get("code").asText()).isEqualTo(code);
    assertThat(answer.body().get("error").isTextual()).isTrue();
    assertThat(answer.body().get("error").asText()).isNotBlank();
    assertThat(answer.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
  }

  private Job settled(String jobId) throws Exception {
    return gateway.await(jobId).get(20, TimeUnit.SECONDS);
  }

  // ---- tokens and scopes ---------------------------------------------------------------------

  @Test
  void withoutAKnownBearerTokenEveryApiPathIs401WithAChallenge() throws Exception {
    for (String path : List.of("/api/jobs", "/api/plugins", "/api/nowhere")) {
      Answer missing = get(path, null);
      assertError(missing, 401, "unauthorized");
      assertThat(missing.raw().headers().firstValue("WWW-Authenticate").orElse(""))
          .startsWith("Bearer");
      assertError(get(path, "not-a-configured-token-at-all"), 401, "unauthorized");
      assertError(get(path, READ + "x"), 401, "unauthorized");
    }
    assertError(post("/api/trigger/first/poll", null, null), 401, "unauthorized");
    assertError(callWithHeader("/api/jobs", "Basic b3BzOnB3"), 401, "unauthorized");
    // Nothing was enqueued by any of them.
    assertThat(gateway.jobs().depth()).isZero();
  }

  private Answer callWithHeader(String path, String authorization) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), json.readTree(response.body()), response);
  }

  @Test
  void aCommandScopedTokenTriggersThatCommandOnly() throws Exception {
    Answer ok = post("/api/trigger/first/poll", FIRST_POLL, null);
    assertThat(ok.status()).isEqualTo(202);
    String id = ok.body().get("job_id").asText();
    assertThat(ok.raw().headers().firstValue("Location")).hasValue("/api/jobs/" + id);

    assertError(post("/api/trigger/sleepy/poll", FIRST_POLL, null), 403, "forbidden");
    assertError(post("/api/trigger/second/handle", FIRST_POLL, null), 403, "forbidden");
    // A scope for one command is no read scope either.
    assertError(get("/api/jobs/" + id, FIRST_POLL), 403, "forbidden");

    Job job = settled(id);
    assertThat(job.submittedBy().wireName()).isEqualTo("api");
    assertThat(job.plugin()).isEqualTo("first");
    assertThat(json.readTree(job.context()).get("origin_source").asText()).isEqualTo("api");
    assertThat(json.readTree(job.context()).get("origin_token").asText()).isEqualTo("cron");
    // Only the one job: the refused triggers enqueued nothing.
    assertThat(gateway.jobs().list(new dev.senechal.gw.queue.JobQuery(null, null, 100)).stream()
            .filter(j -> j.parentJobId() == null))
        .extracting(Job::id)
        .containsExactly(id);
  }

  @Test
  void readCannotTriggerNorUseAdminEndpointsAndAnyTriggerCannotRead() throws Exception {
    assertError(post("/api/trigger/first/poll", READ, null), 403, "forbidden");
    assertError(post("/api/reload", READ, null), 403, "forbidden");
    assertError(post("/api/plugins/failing/reset", READ, null), 403, "forbidden");
    String id = post("/api/trigger/failing/poll", ANY_TRIGGER, null).body().get("job_id").asText();
    settled(id);
    assertError(post("/api/jobs/" + id + "/retry", READ, null), 403, "forbidden");
    assertError(post("/api/jobs/" + id + "/retry", ANY_TRIGGER, null), 403, "forbidden");
    assertError(get("/api/plugins", ANY_TRIGGER), 403, "forbidden");
    assertThat(get("/api/plugins", READ).status()).isEqualTo(200);
    // admin implies read and trigger.
    assertThat(get("/api/jobs/" + id, ADMIN).status()).isEqualTo(200);
    assertThat(post("/api/trigger/first/poll", ADMIN, null).status()).isEqualTo(202);
  }

  @Test
  void badRequestsGetStableCodes() throws Exception {
    assertError(get("/api/nowhere", READ), 404, "not_found");
    assertError(get("/api/jobs/no-such-job", READ), 404, "job_not_found");
    assertError(get("/api/jobs/no-such-job/trace", READ), 404, "job_not_found");
    assertError(post("/api/jobs/no-such-job/retry", ADMIN, null), 404, "job_not_found");
    Answer wrongMethod = get("/api/trigger/first/poll", ADMIN);
    assertError(wrongMethod, 405, "method_not_allowed");
    assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("POST");
    assertError(call("DELETE", "/api/jobs", ADMIN, null), 405, "method_not_allowed");
    assertError(post("/api/trigger/first/poll", ADMIN, "{oops"), 400, "bad_json");
    assertError(post("/api/trigger/first/poll", ADMIN, "[1]"), 400, "bad_json");
    assertError(post("/api/trigger/first/poll", ADMIN, "{\"payload\": 3}"), 400, "bad_request");
    assertError(post("/api/trigger/first/poll", ADMIN, "{\"paylod\": {}}"), 400, "bad_request");
    assertError(post("/api/trigger/first/poll?wait=soon", ADMIN, null), 400, "bad_wait");
    assertError(post("/api/trigger/first/poll?wait=6m", ADMIN, null), 400, "bad_wait");
    assertError(post("/api/trigger/nobody/poll", ADMIN, null), 404, "cannot_trigger");
    Answer noCommand = post("/api/trigger/first/handle", ADMIN, null);
    assertError(noCommand, 404, "cannot_trigger");
    assertThat(noCommand.body().get("error").asText())
        .isEqualTo("plugin first cannot take command handle "
            + "(not loaded, not enabled or not declared)");
    assertError(
        post("/api/trigger/first/poll", ADMIN, "{\"type\": \"ping\"}"), 400, "bad_request");
    assertError(
        post("/api/trigger/second/handle", ADMIN, "{\"type\": 7}"), 400, "bad_request");
    assertError(get("/api/jobs?status=done", READ), 400, "bad_request");
    assertError(get("/api/jobs?limit=0", READ), 400, "bad_request");
    assertError(post("/api/plugins/nobody/reset", ADMIN, null), 404, "plugin_not_found");
    String big = "x".repeat(1024 * 1024);
    assertError(
        post("/api/trigger/first/poll", ADMIN, "{\"payload\": {\"s\": \"" + big + "\"}}"),
        413,
        "payload_too_large");
    assertError(
        post("/api/trigger/first/poll", ADMIN, "{\"payload\": {\"s\": \"" + big + big + "\"}}"),
        413,
        "body_too_large");
    assertError(
        post("/api/trigger/first/poll", ADMIN,
            "{\"context\": {\"s\": \"" + "x".repeat(70 * 1024) + "\"}}"),
        413,
        "context_too_large");
    // None of the refused triggers enqueued anything.
    assertThat(gateway.jobs().depth()).isZero();
    assertThat(gateway.jobs().list(new dev.senechal.gw.queue.JobQuery(null, null, 10))).isEmpty();
  }

  // ---- trigger and wait ----------------------------------------------------------------------

  @Test
  void waitAnswers200WithEveryJobOfAFastTree() throws Exception {
    Answer answer =
        post(
            "/api/trigger/first/poll?wait=30s",
            FIRST_POLL,
            "{\"payload\": {\"x\": 1.50}, \"context\": {\"channel\": \"c-1\"}}");
    assertThat(answer.status()).as("body %s", answer.body()).isEqualTo(200);
    String rootId = answer.body().get("job_id").asText();
    assertThat(answer.body().get("settled").asBoolean()).isTrue();
    List<JsonNode> jobs = new ArrayList<>();
    answer.body().get("jobs").forEach(jobs::add);
    assertThat(jobs).extracting(j -> j.get("plugin").asText()).containsExactly("first", "second");
    assertThat(jobs).extracting(j -> j.get("status").asText())
        .containsExactly("succeeded", "succeeded");
    assertThat(jobs.get(0).get("id").asText()).isEqualTo(rootId);
    assertThat(jobs.get(1).get("parent_job_id").asText()).isEqualTo(rootId);
    assertThat(jobs.get(0).get("attempts").get(0).get("result").asText()).isEqualTo("first done");
    assertThat(jobs.get(1).get("attempts").get(0).get("result").asText())
        .isEqualTo("second done");
    // The payload as the caller wrote it, down to the trailing zero.
    assertThat(answer.raw().body()).contains("\"payload\":{\"x\":1.50}");
    JsonNode childContext = jobs.get(1).get("context");
    assertThat(childContext.get("channel").asText()).isEqualTo("c-1");
    assertThat(childContext.get("hop").asText()).isEqualTo("first");
    assertThat(childContext.get("origin_source").asText()).isEqualTo("api");
  }

  @Test
  void waitAnswers202WhenTheTreeIsNotSettledInTime() throws Exception {
    Answer answer = post("/api/trigger/sleepy/poll?wait=200ms", ANY_TRIGGER, null);
    assertThat(answer.status()).as("body %s", answer.body()).isEqualTo(202);
    String id = answer.body().get("job_id").asText();
    assertThat(answer.body().get("settled").asBoolean()).isFalse();
    assertThat(gateway.job(id)).isPresent();
    assertThat(settled(id).status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aCallerCannotSetAnyOriginKeyAndTheGatewaySetsSourceAndToken() throws Exception {
    for (String key :
        List.of("origin_source", "origin_path", "origin_delivery_id", "origin_token")) {
      Answer refused =
          post("/api/trigger/first/poll", ANY_TRIGGER,
              "{\"context\": {\"channel\": \"c-1\", \"" + key + "\": \"forged\"}}");
      assertError(refused, 400, "origin_key_reserved");
      assertThat(refused.body().get("error").asText()).contains("'" + key + "'");
    }
    assertThat(gateway.jobs().list(new dev.senechal.gw.queue.JobQuery(null, null, 10)))
        .as("nothing was enqueued")
        .isEmpty();

    String id =
        post("/api/trigger/first/poll", ANY_TRIGGER, "{\"context\": {\"channel\": \"c-1\"}}")
            .body()
            .get("job_id")
            .asText();
    JsonNode context = json.readTree(gateway.job(id).orElseThrow().context());
    assertThat(context.get("origin_source").asText()).isEqualTo("api");
    assertThat(context.get("origin_token").asText()).isEqualTo("bot");
    assertThat(context.get("channel").asText()).isEqualTo("c-1");
  }

  @Test
  void aHandleTriggerWrapsThePayloadInAnEventEnvelopeAndRuns() throws Exception {
    Answer answer =
        post(
            "/api/trigger/second/handle?wait=30s",
            ANY_TRIGGER,
            "{\"type\": \"ping\", \"payload\": {\"n\": 2}}");
    assertThat(answer.status()).as("body %s", answer.body()).isEqualTo(200);
    JsonNode job = answer.body().get("jobs").get(0);
    assertThat(job.get("status").asText()).isEqualTo("succeeded");
    JsonNode stored = job.get("payload");
    assertThat(stored.get("type").asText()).isEqualTo("ping");
    assertThat(stored.get("source").asText()).isEqualTo("api");
    assertThat(stored.get("payload").get("n").asInt()).isEqualTo(2);
    assertThat(stored.get("event_id").asText()).isNotBlank();
    assertThat(stored.get("timestamp").asText()).isNotBlank();
    JsonNode event = json.readTree(dir.resolve("second-request.json").toFile()).get("event");
    assertThat(event.get("type").asText()).isEqualTo("ping");
    assertThat(event.get("source").asText()).isEqualTo("api");
    assertThat(event.get("payload").get("n").asInt()).isEqualTo(2);

    Answer untyped = post("/api/trigger/second/handle?wait=30s", ANY_TRIGGER, null);
    assertThat(untyped.status()).as("body %s", untyped.body()).isEqualTo(200);
    JsonNode plain = untyped.body().get("jobs").get(0);
    assertThat(plain.get("status").asText()).isEqualTo("succeeded");
    assertThat(plain.get("payload").get("type").asText()).isEqualTo("api");
    assertThat(plain.get("payload").get("payload").isObject()).isTrue();
  }

  @Test
  void cannotTriggerTellsTheCallerNoPathOfARefusedPlugin() throws Exception {
    Path broken = Files.createDirectories(dir.resolve("plugins").resolve("broken"));
    Files.writeString(
        broken.resolve("manifest.yaml"),
        "name: broken\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: [poll]\n");
    Files.writeString(configFile, config("  broken: {}\n"));
    assertThat(post("/api/reload", ADMIN, null).status()).isEqualTo(200);
    String listed = get("/api/plugins", ADMIN).body().toString();
    assertThat(listed).as("the engine refused it for its missing entrypoint").contains("broken");

    Answer refused = post("/api/trigger/broken/poll", ANY_TRIGGER, null);
    assertError(refused, 404, "cannot_trigger");
    assertThat(refused.body().get("error").asText())
        .isEqualTo("plugin broken cannot take command poll "
            + "(not loaded, not enabled or not declared)")
        .doesNotContain(dir.toString());
  }

  // ---- jobs, trace, retry --------------------------------------------------------------------

  @Test
  void jobsAndTraceAnswerTheShapesOfTheCli() throws Exception {
    String rootId =
        post("/api/trigger/first/poll?wait=30s", FIRST_POLL, null).body().get("job_id").asText();
    Job root = gateway.job(rootId).orElseThrow();

    Answer show = get("/api/jobs/" + rootId, READ);
    assertThat(show.status()).isEqualTo(200);
    assertThat(show.body()).isEqualTo(json.readTree(JobJson.show(gateway.jobs(), root).toString()));
    assertThat(show.body().get("children").get(0).get("plugin").asText()).isEqualTo("second");

    Answer list = get("/api/jobs?plugin=second&status=succeeded&limit=5", READ);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("jobs")).hasSize(1);
    assertThat(list.body().get("jobs").get(0).get("parent_job_id").asText()).isEqualTo(rootId);
    assertThat(get("/api/jobs?status=dead", READ).body().get("jobs")).isEmpty();

    String childId = list.body().get("jobs").get(0).get("id").asText();
    Answer trace = get("/api/jobs/" + childId + "/trace", READ);
    assertThat(trace.status()).isEqualTo(200);
    assertThat(trace.body())
        .isEqualTo(json.readTree(JobTrace.of(gateway.jobs(), childId).orElseThrow().json().toString()));
    assertThat(trace.body().get("id").asText()).isEqualTo(rootId);
    assertThat(trace.body().get("requested").asBoolean()).isFalse();
    JsonNode child = trace.body().get("children").get(0);
    assertThat(child.get("requested").asBoolean()).isTrue();
    assertThat(child.get("context_added").toString()).isEqualTo("{\"hop\":\"first\"}");
  }

  @Test
  void retryReplaysADeadJobOnceWithAnEditedPayload() throws Exception {
    String dead = post("/api/trigger/failing/poll?wait=30s", ADMIN, null).body()
        .get("jobs").get(0).get("id").asText();
    assertThat(gateway.job(dead).orElseThrow().status()).isEqualTo(JobStatus.DEAD);

    Answer retried = post("/api/jobs/" + dead + "/retry", ADMIN, "{\"payload\": {\"try\": 2}}");
    assertThat(retried.status()).as("body %s", retried.body()).isEqualTo(202);
    assertThat(retried.body().get("retry_of").asText()).isEqualTo(dead);
    Job replay = gateway.job(retried.body().get("job_id").asText()).orElseThrow();
    assertThat(replay.retryOf()).isEqualTo(dead);
    assertThat(replay.submittedBy().wireName()).isEqualTo("api");
    assertThat(json.readTree(replay.payload()).get("try").asInt()).isEqualTo(2);

    Answer again = post("/api/jobs/" + dead + "/retry", ADMIN, null);
    assertError(again, 409, "not_retryable");
    assertThat(again.body().get("error").asText()).contains("already retried");

    String ok = post("/api/trigger/first/poll?wait=30s", ADMIN, null).body().get("job_id").asText();
    assertError(post("/api/jobs/" + ok + "/retry", ADMIN, null), 409, "not_retryable");
  }

  // ---- plugins, reset, reload ----------------------------------------------------------------

  @Test
  void pluginsListsWhatTheEngineLoaded() throws Exception {
    Answer plugins = get("/api/plugins", READ);
    assertThat(plugins.status()).isEqualTo(200);
    Map<String, String> status = new java.util.TreeMap<>();
    plugins.body().get("plugins").forEach(p -> status.put(p.get("name").asText(),
        p.get("status").asText()));
    assertThat(status).containsEntry("first", "loaded").containsEntry("failing", "loaded")
        .containsEntry("later", "not_enabled");
    JsonNode first = plugins.body().get("plugins").get(0);
    assertThat(first.has("commands")).isTrue();
    assertThat(first.get("init").get("status").asText()).isEqualTo("not_declared");
  }

  @Test
  void resetClosesAnOpenBreaker() throws Exception {
    post("/api/trigger/failing/poll?wait=30s", ADMIN, null);
    assertThat(gateway.pluginsCircuitOpen()).isEqualTo(1);

    Answer one = post("/api/plugins/failing/reset?command=handle", ADMIN, null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body().get("reset")).isEmpty();
    assertThat(gateway.pluginsCircuitOpen()).isEqualTo(1);

    Answer reset = post("/api/plugins/failing/reset", ADMIN, null);
    assertThat(reset.status()).as("body %s", reset.body()).isEqualTo(200);
    assertThat(reset.body().get("plugin").asText()).isEqualTo("failing");
    assertThat(reset.body().get("command").isNull()).isTrue();
    JsonNode closed = reset.body().get("reset").get(0);
    assertThat(closed.get("command").asText()).isEqualTo("poll");
    assertThat(closed.get("was").asText()).isEqualTo("open");
    assertThat(closed.get("last_error").asText()).contains("upstream down");
    assertThat(gateway.pluginsCircuitOpen()).isZero();
    assertThat(get("/healthz", null).body().get("plugins_circuit_open").asInt()).isZero();
  }

  @Test
  void reloadRejectsAnInvalidFileChangingNothingAndAppliesAValidOne() throws Exception {
    String before = get("/api/plugins", READ).body().toString();
    Files.writeString(configFile, config("  later: {retry: {max_attempts: 0}}\n"));
    Answer rejected = post("/api/reload", ADMIN, null);
    assertError(rejected, 422, "config_invalid");
    assertThat(rejected.body().get("applied").asBoolean()).isFalse();
    assertThat(rejected.body().get("problems").get(0).get("key").asText())
        .isEqualTo("plugins.later.retry.max_attempts");
    assertThat(get("/api/plugins", READ).body().toString()).isEqualTo(before);
    assertError(post("/api/trigger/later/poll", ADMIN, null), 404, "cannot_trigger");

    String newKey = "new-token-key-0123456789";
    Files.writeString(
        configFile,
        config("  later: {}\n") + "    - {name: fresh, key: " + newKey + ", scopes: [read]}\n");
    Answer applied = post("/api/reload", ADMIN, null);
    assertThat(applied.status()).as("body %s", applied.body()).isEqualTo(200);
    assertThat(applied.body().get("applied").asBoolean()).isTrue();
    assertThat(applied.body().get("added").toString()).isEqualTo("[\"later\"]");
    assertThat(applied.body().get("problems")).isEmpty();
    assertThat(post("/api/trigger/later/poll", ADMIN, null).status()).isEqualTo(202);
    // The reload's new token works at once.
    assertThat(get("/api/plugins", newKey).status()).isEqualTo(200);
  }
}
