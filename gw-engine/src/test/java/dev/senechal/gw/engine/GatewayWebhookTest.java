package dev.senechal.gw.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.webhook.DeliveryRejection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed webhook delivery through the whole engine: config, listener, queue, dispatcher, plugin. */
class GatewayWebhookTest {
  private static final Path REPO_PLUGINS = Path.of("..", "plugins").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void aSignedDeliveryBecomesAJobTheEchoPluginRunsToSuccessAndAForgeryIsCounted() throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + REPO_PLUGINS + "\n"
            + "plugins:\n  echo:\n    retry: {max_attempts: 2}\n"
            + "webhooks:\n  listen: 127.0.0.1:0\n  endpoints:\n"
            + "    - {path: /hook/echo, plugin: echo, secret: s3cret, scheme: github}\n");
    GatewayConfig config = ConfigLoader.load(file, Map.of());
    String body = "{\"ref\":\"refs/heads/main\"}";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));

    try (Gateway gateway = Gateway.builder(config).build()) {
      gateway.start();
      int port = gateway.webhooksPort().orElseThrow();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/echo"))
                      .header("X-Hub-Signature-256", signature)
                      .header("X-GitHub-Delivery", "delivery-42")
                      .header("X-GitHub-Event", "push")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as("body %s", response.body()).isEqualTo(202);
      String jobId = new ObjectMapper().readTree(response.body()).get("job_id").asText();
      Job job = gateway.await(jobId).get(60, TimeUnit.SECONDS);
      assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(job.plugin()).isEqualTo("echo");
      assertThat(job.command()).isEqualTo("handle");
      assertThat(job.submittedBy()).isEqualTo(SubmittedBy.WEBHOOK);
      assertThat(job.maxAttempts()).as("the plugin's retry.max_attempts").isEqualTo(2);
      JsonNode context = new ObjectMapper().readTree(job.context());
      assertThat(context.get("origin_source").asText()).isEqualTo("webhook");
      assertThat(context.get("origin_path").asText()).isEqualTo("/hook/echo");
      assertThat(context.get("origin_delivery_id").asText()).isEqualTo("delivery-42");
      JsonNode event = new ObjectMapper().readTree(job.payload());
      assertThat(event.get("type").asText()).isEqualTo("push");
      assertThat(event.get("payload")).isEqualTo(new ObjectMapper().readTree(body));

      HttpResponse<String> forged =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook/echo"))
                      .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(gateway.rejectedDeliveries())
          .isEqualTo(Map.of(DeliveryRejection.SIGNATURE_MISMATCH, 1L));
    }
  }
}
