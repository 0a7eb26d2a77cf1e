package dev.senechal.gw.testkit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing seed's example (RFC-005): a Discord request goes through five plugins and the last
 * one must still know the channel to answer in. Only the first hop puts {@code channel_id} into
 * context; no plugin in between forwards it, yet the notifier gets it.
 */
class WisdomChainExampleTest {
  @TempDir Path dir;

  private void plugin(String name, String response) throws Exception {
    Path home = Files.createDirectories(dir.resolve("plugins").resolve(name));
    Files.writeString(
        home.resolve("manifest.yaml"),
        "name: " + name + "\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: [handle]\n");
    Files.writeString(
        home.resolve("run.sh"),
        "#!/usr/bin/env bash\n"
            + "req=$(cat)\n"
            + "case \"$req\" in *'\"protocol\":99'*) exit 78;; esac\n"
            + "field() { printf '%s' \"$req\" | grep -o \"\\\"$1\\\":\\\"[^\\\"]*\\\"\" | head -1"
            + " | cut -d: -f2- | tr -d '\"'; }\n"
            + "echo \"" + response.replace("\"", "\\\"") + "\"\n");
    home.resolve("run.sh").toFile().setExecutable(true);
  }

  private Path config() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        plugins_dir: ./plugins
        plugins:
          discord-handler: {}
          transcript-downloader: {}
          wisdom-extractor: {}
          document-publisher: {}
          discord-notifier: {}
        routes:
          - {from: discord-handler, event_type: transcript_requested, to: transcript-downloader}
          - {from: transcript-downloader, event_type: transcript_ready, to: wisdom-extractor}
          - {from: wisdom-extractor, event_type: wisdom_extracted, to: document-publisher}
          - {from: document-publisher, event_type: document_published, to: discord-notifier}
        """);

    return config;
  }

  @Test
  void theNotifierAnswersInTheOriginatingChannelThoughNoHopForwardsIt() throws Exception {
    plugin("discord-handler",
        "{\"status\":\"ok\",\"events\":[{\"type\":\"transcript_requested\","
            + "\"payload\":{\"video_url\":\"$(field video_url)\"},"
            + "\"context\":{\"channel_id\":\"$(field channel_id)\"}}]}");
    plugin("transcript-downloader",
        "{\"status\":\"ok\",\"events\":[{\"type\":\"transcript_ready\","
            + "\"payload\":{\"transcript\":\"words of $(field video_url)\"}}]}");
    plugin("wisdom-extractor",
        "{\"status\":\"ok\",\"events\":[{\"type\":\"wisdom_extracted\","
            + "\"payload\":{\"wisdom\":\"less is more\"}}]}");
    plugin("document-publisher",
        "{\"status\":\"ok\",\"events\":[{\"type\":\"document_published\","
            + "\"payload\":{\"doc_url\":\"https://docs.example/1\"}}]}");
    plugin("discord-notifier",
        "{\"status\":\"ok\",\"result\":\"posted $(field doc_url) to $(field channel_id)\","
            + "\"state_updates\":{\"last_channel\":\"$(field channel_id)\"}}");
    Path config = config();

    try (ChainRunner chain = ChainRunner.of(config, Map.of("PATH", System.getenv("PATH")))) {
      ChainTree tree =
          chain.handle("discord-handler", "discord_message",
              "{\"channel_id\":\"discord-123\",\"video_url\":\"https://youtu.be/x\"}",
              "{\"origin_source\":\"discord\"}")
              .assertAllSucceeded();

      assertThat(tree.all()).extracting(ChainNode::plugin).containsExactly(
          "discord-handler", "transcript-downloader", "wisdom-extractor", "document-publisher",
          "discord-notifier");
      ChainNode notifier = tree.only("discord-notifier");
      notifier.assertContext("{\"origin_source\":\"discord\",\"channel_id\":\"discord-123\"}");
      assertThat(notifier.result()).hasValue("posted https://docs.example/1 to discord-123");
      assertThat(tree.state("discord-notifier")).contains("\"last_channel\":\"discord-123\"");
      // Payloads are not accumulated: no hop after the first carries the channel in its payload.
      assertThat(tree.all().subList(1, 5))
          .allSatisfy(n -> assertThat(n.eventPayload().orElseThrow()).doesNotContain("discord-123"));
    }
  }

  /**
   * The transcript is the downloader's event payload, so it is the extractor's job payload and
   * nothing else: context carries only what a hop adds to it, so later hops neither get nor store
   * the 100 KB again.
   */
  @Test
  void aHundredKilobyteTranscriptIsStoredOnceNotAccumulatedDownTheChain() throws Exception {
    plugin("discord-handler",
        "{\"status\":\"ok\",\"events\":[{\"type\":\"transcript_requested\","
            + "\"payload\":{\"video_url\":\"$(field video_url)\"},"
            + "\"context\":{\"channel_id\":\"$(field channel_id)\"}}]}");
    // 100 KB of text behind a marker that occurs nowhere else.
    plugin("transcript-downloader",
        "{\"status\":\"ok\",\"events\":[{\"type\":\"transcript_ready\","
            + "\"payload\":{\"transcript\":\"TRANSCRIPT-MARK"
            + "$(head -c 102400 /dev/zero | tr '\\0' w)\"}}]}");
    plugin("wisdom-extractor",
        "{\"status\":\"ok\",\"events\":[{\"type\":\"wisdom_extracted\","
            + "\"payload\":{\"wisdom\":\"$(field transcript | wc -c) bytes read\"}}]}");
    plugin("document-publisher",
        "{\"status\":\"ok\",\"events\":[{\"type\":\"document_published\","
            + "\"payload\":{\"doc_url\":\"https://docs.example/1\"}}]}");
    plugin("discord-notifier",
        "{\"status\":\"ok\",\"result\":\"posted $(field doc_url) to $(field channel_id)\"}");
    Path config = config();

    try (ChainRunner chain = ChainRunner.of(config, Map.of("PATH", System.getenv("PATH")))) {
      ChainTree tree =
          chain.handle("discord-handler", "discord_message",
              "{\"channel_id\":\"discord-123\",\"video_url\":\"https://youtu.be/x\"}",
              "{\"origin_source\":\"discord\"}")
              .assertAllSucceeded();

      String transcript = tree.only("wisdom-extractor").eventPayload().orElseThrow();
      assertThat(transcript)
          .startsWith("{\"transcript\":\"TRANSCRIPT-MARK")
          .hasSizeGreaterThan(102400);
      assertThat(tree.only("discord-notifier").result())
          .hasValue("posted https://docs.example/1 to discord-123");
      for (ChainNode later : List.of(
          tree.only("document-publisher"), tree.only("discord-notifier"))) {
        assertThat(later.eventPayload().orElseThrow()).doesNotContain("TRANSCRIPT-MARK");
        assertThat(later.context()).doesNotContain("TRANSCRIPT-MARK").hasSizeLessThan(200);
      }
      assertThat(storedCopies(chain.config().state().path(), "TRANSCRIPT-MARK"))
          .as("copies of the transcript anywhere in the store")
          .isEqualTo(1);
    }
  }

  /** How many text values in any table of the SQLite file at {@code db} contain {@code mark}. */
  private static int storedCopies(Path db, String mark) throws Exception {
    int copies = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = r.getMetaData().getColumnCount();
          while (r.next()) {
            for (int i = 1; i <= columns; i++) {
              Object value = r.getObject(i);
              if (value instanceof String text && text.contains(mark)) {
                copies++;
              }
            }
          }
        }
      }
    }
    return copies;
  }
}
