package dev.senechal.gw.cli;

import static dev.senechal.gw.cli.Output.instant;
import static dev.senechal.gw.cli.Output.parsed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import java.util.List;

/**
 * The documented, stable JSON shape of a job and of its attempts (docs/cli.md). Keys are
 * snake_case; times are ISO-8601 UTC or null; stored JSON (payload, context, logs) is embedded as
 * JSON, not as strings.
 */
final class JobJson {
  private JobJson() {}

  static ObjectNode summary(Job job) {
    ObjectNode node = Output.JSON.createObjectNode();
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

  static ObjectNode full(Job job, List<JobLogEntry> attempts, List<Job> children) {
    return full(job, attempts, children, List.of());
  }

  /** As {@link #full(Job, List, List)}, with the ids of the jobs that retried this one. */
  static ObjectNode full(
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
}
