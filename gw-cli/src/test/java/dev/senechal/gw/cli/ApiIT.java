package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API (docs/api.md) of the real daemon jar: a trigger that waits for its job tree, then the
 * job read back over HTTP and, in the same shape, by the CLI.
 */
class ApiIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "it-token-key-0123456789";
  private static final Pattern LISTENING = Pattern.compile("listening on .*:(\\d+) \\(api\\)");

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aTriggerWaitsForItsChainAndTheJobReadsBackAsTheCliShowsIt() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(
        config,
        "service: {shutdown_grace: 5s}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n  ok: {}\n  slow-ok: {}\n"
            + "routes:\n  - {from: ok, event_type: pong, to: slow-ok}\n"
            + "api:\n  listen: 127.0.0.1:0\n  tokens:\n"
            + "    - {name: it, key: " + KEY + ", scopes: [read, \"trigger:ok:poll\"]}\n");
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config.toString())) {
      JsonNode listening = daemon.awaitMessage("(api)", WAIT);
      daemon.awaitMessage("ready: ", WAIT);
      Matcher port = LISTENING.matcher(listening.path("message").asText());
      assertThat(port.find()).as(listening.toString()).isTrue();
      String base = "http://127.0.0.1:" + port.group(1);

      HttpResponse<String> triggered =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/trigger/ok/poll?wait=30s"))
                  .header("Authorization", "Bearer " + KEY)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"payload\": {\"emit\": \"pong\"}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(200);
      JsonNode answer = json.readTree(triggered.body());
      String id = answer.get("job_id").asText();
      List<String> tree = new ArrayList<>();
      answer.get("jobs").forEach(job -> tree.add(job.get("plugin").asText() + " "
          + job.get("command").asText() + " " + job.get("status").asText()));
      assertThat(tree).containsExactly("ok poll succeeded", "slow-ok handle succeeded");

      HttpResponse<String> shown =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id))
                  .header("Authorization", "Bearer " + KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(shown.statusCode()).isEqualTo(200);
      JsonNode overHttp = json.readTree(shown.body());
      assertThat(overHttp.get("submitted_by").asText()).isEqualTo("api");
      assertThat(overHttp.get("context").get("origin_source").asText()).isEqualTo("api");
      assertThat(overHttp.get("context").get("origin_token").asText()).isEqualTo("it");

      Finished cli = DaemonProcess.cli(config.toString(), "job", "show", id, "--json");
      assertThat(cli.exitCode()).as(cli.stderr()).isZero();
      assertThat(overHttp).isEqualTo(cli.json());

      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).as(daemon.stderr()).isZero();
    }
  }
}
