package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon jar takes a signed standard-webhooks delivery over HTTP and runs its job. */
class WebhookIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] KEY = "an example key of standard-webhooks".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String sign(String id, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(
        mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  private static HttpResponse<String> post(int port, String id, long timestamp, String signature,
      String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/echo"))
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private Path config() throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("plugins") + "\n"
            + "plugins:\n  echo: {}\n"
            + "webhooks:\n  listen: 127.0.0.1:0\n  endpoints:\n"
            + "    - path: /hook/echo\n      plugin: echo\n      scheme: standard-webhooks\n"
            + "      secret: whsec_" + Base64.getEncoder().encodeToString(KEY) + "\n");
    return file;
  }

  /** The webhook port the daemon logged, once it is ready. */
  private static int webhooksPort(DaemonProcess daemon) throws Exception {
    JsonNode listening = daemon.awaitMessage("listening on", WAIT);
    Matcher port =
        Pattern.compile(":(\\d+) \\(webhooks").matcher(listening.path("message").asText());
    assertThat(port.find()).as("port in %s", listening).isTrue();
    daemon.awaitMessage("ready", WAIT);
    return Integer.parseInt(port.group(1));
  }

  private QueueStore store() {
    return QueueStore.openSqlite(
        StoreConfig.defaults(dir.resolve("data/state.db")), Clock.systemUTC());
  }

  @Test
  void aSignedDeliveryRunsOnceAReplayIsAnswered200AndAForgeryIs403() throws Exception {
    Path file = config();
    String body = "{\"type\":\"invoice.paid\",\"amount\":42}";
    String jobId;
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      int webhooks = webhooksPort(daemon);
      long now = System.currentTimeMillis() / 1000;

      HttpResponse<String> accepted = post(webhooks, "msg_1", now, sign("msg_1", now, body), body);
      assertThat(accepted.statusCode()).as("body %s", accepted.body()).isEqualTo(202);
      jobId = JSON.readTree(accepted.body()).get("job_id").asText();
      daemon.awaitMessage("echo handle succeeded", WAIT);

      HttpResponse<String> replay = post(webhooks, "msg_1", now, sign("msg_1", now, body), body);
      assertThat(replay.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(replay.body()).get("job_id").asText()).isEqualTo(jobId);
      assertThat(JSON.readTree(replay.body()).get("replayed").asBoolean()).isTrue();

      HttpResponse<String> forged =
          post(webhooks, "msg_2", now, sign("msg_2", now, "{\"amount\":1}"), body);
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(forged.body()).isEmpty();
      JsonNode warning = daemon.awaitMessage("rejected (signature_mismatch)", WAIT);
      assertThat(warning.path("level").asText()).isEqualTo("WARN");
      assertThat(warning.toString()).as("the body is never logged").doesNotContain("amount");

      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
    }
    try (QueueStore store = store()) {
      List<Job> jobs = store.list(JobQuery.all(10));
      assertThat(jobs).extracting(Job::id).containsExactly(jobId);
      assertThat(jobs.get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(jobs.get(0).submittedBy()).isEqualTo(SubmittedBy.WEBHOOK);
      assertThat(JSON.readTree(jobs.get(0).context()).get("origin_delivery_id").asText())
          .isEqualTo("msg_1");
    }
  }

  @Test
  void anAcceptedDeliverySurvivesKillDashNineWithItsDeliveryId() throws Exception {
    Path file = config();
    String body = "{\"type\":\"order.created\"}";
    long now = System.currentTimeMillis() / 1000;
    String signature = sign("msg_k", now, body);
    String jobId;
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      HttpResponse<String> accepted = post(webhooksPort(daemon), "msg_k", now, signature, body);
      assertThat(accepted.statusCode()).isEqualTo(202);
      jobId = JSON.readTree(accepted.body()).get("job_id").asText();
      daemon.signal("KILL");
      daemon.awaitExit(WAIT);
    }
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      HttpResponse<String> again = post(webhooksPort(daemon), "msg_k", now, signature, body);
      assertThat(again.statusCode()).as("the delivery id was committed with the job").isEqualTo(200);
      assertThat(JSON.readTree(again.body()).get("job_id").asText()).isEqualTo(jobId);
      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
    }
    try (QueueStore store = store()) {
      assertThat(store.list(JobQuery.all(10))).extracting(Job::id).containsExactly(jobId);
    }
  }
}
