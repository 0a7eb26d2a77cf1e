package dev.senechal.gw.testkit.chain;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.testkit.JsonSubset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One job of a chain as it stood after the drain: the job, its attempts, the event it handled and
 * the jobs its events were routed to.
 *
 * @param job as stored: status, attempt, payload, context, last error
 * @param attempts its job log, oldest attempt first (stderr, logs, result of each)
 * @param event the event envelope it received, when it is a routed {@code handle} job (or a root
 *     started with {@link ChainRunner#handle}); empty otherwise
 * @param children the jobs its settle enqueued, in the order they were enqueued
 */
public record ChainNode(
    Job job, List<JobLogEntry> attempts, Optional<PluginEvent> event, List<ChainNode> children) {
  private static final ObjectMapper JSON = ProtocolCodec.newMapper();

  public ChainNode {
    requireNonNull(job, "job is null");
    requireNonNull(event, "event is null");
    attempts = List.copyOf(attempts);
    children = List.copyOf(children);
  }

  public String plugin() {
    return job.plugin();
  }

  public String command() {
    return job.command();
  }

  public JobStatus status() {
    return job.status();
  }

  public boolean succeeded() {
    return job.status() == JobStatus.SUCCEEDED;
  }

  /** The job's context as JSON object text ({@code {}} when it has none). */
  public String context() {
    return job.context() == null ? "{}" : job.context();
  }

  /**
   * One context value: a string as its text, anything else as compact JSON; empty when the key is
   * absent.
   */
  public Optional<String> context(String key) {
    JsonNode value = parse(context()).get(key);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(value.isTextual() ? value.asText() : value.toString());
  }

  /** The type of the handled event; empty when the job did not handle one. */
  public Optional<String> eventType() {
    return event.map(PluginEvent::type);
  }

  /** The payload of the handled event, JSON text; empty when the job did not handle one. */
  public Optional<String> eventPayload() {
    return event.map(PluginEvent::payload);
  }

  /** The last attempt's {@code result}, if it reported one. */
  public Optional<String> result() {
    return attempts.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(attempts.get(attempts.size() - 1).result());
  }

  /** Every attempt's stderr, in order, joined. */
  public String stderr() {
    StringBuilder out = new StringBuilder();
    for (JobLogEntry attempt : attempts) {
      if (attempt.stderr() != null && !attempt.stderr().isEmpty()) {
        out.append(attempt.stderr());
      }
    }
    return out.toString();
  }

  /** This node and every node under it, depth first, parents before children. */
  public List<ChainNode> all() {
    List<ChainNode> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(ChainNode node, List<ChainNode> out) {
    out.add(node);
    for (ChainNode child : node.children) {
      collect(child, out);
    }
  }

  /**
   * Checks the context against {@code expectedJson} with the fixture rule ({@link JsonSubset}: the
   * expected keys must be present with equal values, others may be too).
   *
   * @throws AssertionError naming each mismatch and the job
   */
  public ChainNode assertContext(String expectedJson) {
    List<String> mismatches = JsonSubset.mismatches(parse(expectedJson), parse(context()));
    if (!mismatches.isEmpty()) {
      throw new AssertionError(
          "context of " + label() + " does not match:\n  " + String.join("\n  ", mismatches)
              + "\n  context: " + context());
    }
    return this;
  }

  /** {@code plugin command (job id)}, for messages. */
  public String label() {
    return job.plugin() + " " + job.command() + " (job " + job.id() + ")";
  }

  /** One line: label, status, attempts and, for a failure, the last error. */
  public String describe() {
    StringBuilder line = new StringBuilder(label());
    event.ifPresent(e -> line.insert(0, "[" + e.type() + "] "));
    line.append(": ").append(job.status().wireName());
    line.append(", attempt ").append(job.attempt()).append(" of ").append(job.maxAttempts());
    if (job.lastError() != null && job.status() != JobStatus.SUCCEEDED) {
      line.append(": ").append(job.lastError());
    }
    return line.toString();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}
