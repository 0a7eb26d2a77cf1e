package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.List;

/**
 * The documented, stable JSON shapes of jobs (docs/cli.md, docs/api.md): the one source for the
 * CLI's {@code --json} output and the HTTP API. Keys are snake_case; times are ISO-8601 UTC or
 * null; stored JSON (payload, context, logs) is embedded as JSON, not as strings. Keys are only ever
 * added, never renamed or removed.
 */
public final class JobJson {
  /** Numbers as the plugin wrote them (no float rounding, trailing zeros kept). */
  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JobJson() {}

  /** A job's fields: {@code job list}, {@code queue}, {@code GET /api/jobs}. */
  public static ObjectNode summary(Job job) {
    requireNonNull(job, "job is null");
    ObjectNode node = NODES.objectNode();
    node.put("id", job.id());
    node.put("plugin", job.plugin());
    node.put("command", job.command());
    node.put("status", job.status().wireName());
    node.put("attempt", job.attempt());
    node.put("max_attempts", job.maxAttempts());
    node.put("submitted_by", job.submittedBy().wireName());
    node.set("created_at", instant(job.createdAt()));
    node.set("started_at", instant(job.startedAt()));
    node.set("completed_at", instant(job.completedAt()));
    node.set("next_retry_at", instant(job.nextRetryAt()));
    node.put("last_error", job.lastError());
    node.put("parent_job_id", job.parentJobId());
    node.put("retry_of", job.retryOf());
    return node;
  }

  /** {@code {"jobs": [summary, …]}}: {@code job list --json}, {@code GET /api/jobs}. */
  public static ObjectNode list(List<Job> jobs) {
    ObjectNode root = NODES.objectNode();
    ArrayNode array = root.putArray("jobs");
    jobs.forEach(job -> array.add(summary(job)));
    return root;
  }

  /**
   * Everything the queue knows about {@code job}: {@code job show --json}, {@code GET
   * /api/jobs/{id}}.
   */
  public static ObjectNode show(JobQueue queue, Job job) {
    return full(job, queue.attempts(job.id()), queue.children(job.id()), queue.retries(job.id()));
  }

  /** The summary plus payload, context, process, attempts, children and {@code retried_as}. */
  public static ObjectNode full(
      Job job, List<JobLogEntry> attempts, List<Job> children, List<Job> retries) {
    ObjectNode node = summary(job);
    node.put("dedupe_key", job.dedupeKey());
    node.put("source_event_id", job.sourceEventId());
    node.set("payload", parsed(job.payload()));
    node.set("context", parsed(job.context()));
    if (job.process() != null) {
      ObjectNode process = node.putObject("process");
      process.put("pid", job.process().pid());
      process.put("process_group_id", job.process().processGroupId());
      process.set("started_at", instant(job.process().startedAt()));
    } else {
      node.putNull("process");
    }
    ArrayNode log = node.putArray("attempts");
    for (JobLogEntry entry : attempts) {
      ObjectNode a = log.addObject();
      a.put("attempt", entry.attempt());
      a.put("status", entry.status().wireName());
      a.set("started_at", instant(entry.startedAt()));
      a.set("completed_at", instant(entry.completedAt()));
      if (entry.exitCode() == null) {
        a.putNull("exit_code");
      } else {
        a.put("exit_code", entry.exitCode());
      }
      a.put("error", entry.error());
      a.put("stderr", entry.stderr());
      a.set("logs", parsed(entry.logs()));
      a.put("result", entry.result());
    }
    ArrayNode kids = node.putArray("children");
    for (Job child : children) {
      kids.add(summary(child));
    }
    ArrayNode retriedAs = node.putArray("retried_as");
    retries.forEach(retry -> retriedAs.add(retry.id()));
    return node;
  }

  /** {@code {"job_id": new, "retry_of": original}}: {@code job retry ID --json}. */
  public static ObjectNode retried(String newJobId, String originalId) {
    ObjectNode node = NODES.objectNode();
    node.put("job_id", newJobId);
    node.put("retry_of", originalId);
    return node;
  }

  /** A stored JSON text as a node; text that is not JSON (it should not happen) stays a string. */
  public static JsonNode parsed(String json) {
    if (json == null) {
      return NullNode.getInstance();
    }
    try {
      return READER.readTree(json);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(json);
    }
  }

  /** ISO-8601 UTC text, or JSON null. */
  public static JsonNode instant(Instant instant) {
    return instant == null ? NullNode.getInstance() : TextNode.valueOf(instant.toString());
  }
}
