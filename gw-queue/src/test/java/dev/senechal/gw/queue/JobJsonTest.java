package dev.senechal.gw.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job shapes the CLI's {@code --json} and the HTTP API share (docs/cli.md) against a golden
 * file, and the context keys a trace shows per hop.
 */
class JobJsonTest {
  private static final ObjectMapper EXACT =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static Instant at(String text) {
    return Instant.parse(text);
  }

  private static Job job(
      String id, String plugin, JobStatus status, int attempt, int max, String parent,
      Instant created, Instant started, Instant completed, String error, String dedupe,
      String event, String payload, String context, ProcessRef process) {
    return new Job(id, plugin, "handle", payload, status, attempt, max, SubmittedBy.ROUTE, dedupe,
        created, started, completed, null, error, parent, event, context, process, null);
  }

  @Test
  void jobShowMatchesTheGoldenFile() throws Exception {
    Job job =
        job("job-2", "feed", JobStatus.DEAD, 2, 2, "job-1", at("2026-02-08T10:00:00Z"),
            at("2026-02-08T10:00:01Z"), at("2026-02-08T10:00:02.500Z"),
            "dead after 2 of 2 attempts: exit 1", "k:feed", "event-1",
            "{\"url\":\"https://example.org\",\"price\":1.50}",
            "{\"origin_source\":\"api\",\"channel\":\"c-1\"}",
            new ProcessRef(4242, 4242, at("2026-02-08T10:00:01Z")));
    List<JobLogEntry> attempts =
        List.of(
            new JobLogEntry("job-2", 1, "feed", "handle", JobStatus.FAILED,
                at("2026-02-08T10:00:00.100Z"), at("2026-02-08T10:00:00.200Z"), 1, "exit 1",
                "boom\n", "[{\"level\":\"info\",\"message\":\"m\"}]", null),
            new JobLogEntry("job-2", 2, "feed", "handle", JobStatus.DEAD,
                at("2026-02-08T10:00:01Z"), at("2026-02-08T10:00:02.500Z"), null, "signal 9", "",
                "[]", "half done"));
    Job child =
        new Job("job-3", "notify", "handle", "{}", JobStatus.QUEUED, 1, 4, SubmittedBy.ROUTE,
            null, at("2026-02-08T10:00:02.500Z"), null, null, null, null, "job-2", "event-2",
            null, null, null);
    Job retry =
        new Job("job-9", "feed", "handle", "{}", JobStatus.QUEUED, 1, 2, SubmittedBy.CLI, null,
            at("2026-02-08T11:00:00Z"), null, null, null, null, null, null, null, null, "job-2");

    ObjectNode shown = JobJson.full(job, attempts, List.of(child), List.of(retry));

    try (InputStream golden = getClass().getResourceAsStream("job-show.json")) {
      assertThat(EXACT.readTree(shown.toString())).isEqualTo(EXACT.readTree(golden));
    }
    // Key order is part of what people read: the summary's keys first, as documented.
    assertThat(shown.fieldNames().next()).isEqualTo("id");
  }

  @Test
  void aTraceShowsTheKeysEachHopAddedOrChanged() {
    ObjectNode added =
        JobTrace.contextAdded(
            "{\"origin_source\":\"api\",\"channel\":\"c-1\",\"n\":1}",
            "{\"origin_source\":\"api\",\"channel\":\"c-2\",\"n\":1,\"hop\":\"x\"}");
    assertThat(added.toString()).isEqualTo("{\"channel\":\"c-2\",\"hop\":\"x\"}");
    assertThat(JobTrace.contextAdded(null, "{\"origin_source\":\"api\"}").toString())
        .isEqualTo("{\"origin_source\":\"api\"}");
    assertThat(JobTrace.contextAdded("{}", null).toString()).isEqualTo("{}");
  }
}
