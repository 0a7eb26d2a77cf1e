package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole chain a job belongs to (SPEC §7, {@code job trace}, {@code GET /api/jobs/{id}/trace}):
 * from the job up to its root through {@code parent_job_id}, then the tree below the root, children
 * in the order they were enqueued, each with the context keys it added.
 *
 * @param requested the id the trace was asked for (marked {@code "requested": true})
 * @param root the root of the tree
 * @param missingParent the parent id where the walk up stopped because the job is no longer in the
 *     store, else {@code null}
 */
public record JobTrace(String requested, Node root, String missingParent) {

  public JobTrace {
    requireNonNull(requested, "requested is null");
    requireNonNull(root, "root is null");
  }

  /**
   * A job of the tree.
   *
   * @param contextAdded the keys of its context that its parent's lacks or holds another value for
   *     (for the root, its whole context)
   * @param retries the jobs that retried it
   */
  public record Node(Job job, ObjectNode contextAdded, List<Job> retries, List<Node> children) {
    public Node {
      requireNonNull(job, "job is null");
      requireNonNull(contextAdded, "contextAdded is null");
      retries = List.copyOf(retries);
      children = List.copyOf(children);
    }

    /** Started to completed, or {@code null} while the job has not completed. */
    public Duration duration() {
      return job.startedAt() == null || job.completedAt() == null
          ? null
          : Duration.between(job.startedAt(), job.completedAt());
    }
  }

  /** The trace of {@code jobId}, or empty when the queue has no such job. */
  public static Optional<JobTrace> of(JobQueue queue, String jobId) {
    requireNonNull(queue, "queue is null");
    requireNonNull(jobId, "jobId is null");
    Optional<Job> found = queue.find(jobId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Job job = found.get();
    Set<String> seen = new HashSet<>();
    seen.add(job.id());
    String missingParent = null;
    while (job.parentJobId() != null && seen.add(job.parentJobId())) {
      Optional<Job> parent = queue.find(job.parentJobId());
      if (parent.isEmpty()) {
        missingParent = job.parentJobId();
        break;
      }
      job = parent.get();
    }
    return Optional.of(new JobTrace(jobId, tree(queue, job, null, new HashSet<>()), missingParent));
  }

  private static Node tree(JobQueue queue, Job job, String parentContext, Set<String> seen) {
    seen.add(job.id());
    List<Node> children = new ArrayList<>();
    for (Job child : queue.children(job.id())) {
      if (!seen.contains(child.id())) {
        children.add(tree(queue, child, job.context(), seen));
      }
    }
    return new Node(
        job, contextAdded(parentContext, job.context()), queue.retries(job.id()), children);
  }

  /** The keys of {@code context} that {@code parentContext} lacks or holds another value for. */
  static ObjectNode contextAdded(String parentContext, String context) {
    ObjectNode added = JsonNodeFactory.instance.objectNode();
    JsonNode mine = JobJson.parsed(context);
    if (!mine.isObject()) {
      return added;
    }
    JsonNode theirs = JobJson.parsed(parentContext);
    for (Map.Entry<String, JsonNode> field : mine.properties()) {
      if (!theirs.isObject() || !field.getValue().equals(theirs.get(field.getKey()))) {
        added.set(field.getKey(), field.getValue());
      }
    }
    return added;
  }

  /** Every job of the tree, root first, depth first. */
  public List<Job> jobs() {
    List<Job> all = new ArrayList<>();
    collect(root, all);
    return all;
  }

  private static void collect(Node node, List<Job> into) {
    into.add(node.job());
    node.children().forEach(child -> collect(child, into));
  }

  /**
   * The documented shape: the root job, nested; each node is {@link JobJson#summary} plus {@code
   * duration_ms}, {@code requested}, {@code context_added}, {@code retried_as} and {@code
   * children}.
   */
  public ObjectNode json() {
    return json(root);
  }

  private ObjectNode json(Node node) {
    ObjectNode object = JobJson.summary(node.job());
    Duration took = node.duration();
    if (took == null) {
      object.putNull("duration_ms");
    } else {
      object.put("duration_ms", took.toMillis());
    }
    object.put("requested", node.job().id().equals(requested));
    object.set("context_added", node.contextAdded().deepCopy());
    ArrayNode retriedAs = object.putArray("retried_as");
    node.retries().forEach(retry -> retriedAs.add(retry.id()));
    ArrayNode children = object.putArray("children");
    node.children().forEach(child -> children.add(json(child)));
    return object;
  }
}
