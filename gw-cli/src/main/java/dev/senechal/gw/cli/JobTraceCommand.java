package dev.senechal.gw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code senechal-gw job trace ID} (SPEC §7): the whole chain a job belongs to. From the job it goes
 * up to the root (via {@code parent_job_id}) and shows the tree below it: each job, its status and
 * duration, and the context keys it added (new keys, or keys whose value differs from its
 * parent's; for the root, its whole context).
 */
@Command(name = "trace", description = "Show the tree of jobs a job belongs to, with context keys.")
final class JobTraceCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "Any job of the tree; it is marked.")
  String id;

  /** A job of the tree with what it added to its parent's context and its children. */
  record Node(Job job, ObjectNode contextAdded, List<Job> retries, List<Node> children) {}

  @Override
  int run(GatewayConfig config, PrintWriter out) {
    Optional<QueueStore> opened = StoreAccess.openExisting(config);
    if (opened.isEmpty()) {
      throw new CommandFailure("no job " + id + ": there is no store at " + config.state().path());
    }
    Node root;
    String missingParent;
    try (QueueStore store = opened.get()) {
      Job job =
          store.find(id).orElseThrow(() -> new CommandFailure("no job " + id + " in "
              + config.state().path()));
      Set<String> seen = new HashSet<>();
      seen.add(job.id());
      missingParent = null;
      while (job.parentJobId() != null && seen.add(job.parentJobId())) {
        Optional<Job> parent = store.find(job.parentJobId());
        if (parent.isEmpty()) {
          missingParent = job.parentJobId();
          break;
        }
        job = parent.get();
      }
      root = tree(store, job, null, new HashSet<>());
    }
    if (json) {
      Output.json(out, json(root));
      return Main.OK;
    }
    if (missingParent != null) {
      out.println("(parent " + missingParent + " is no longer in the store)");
    }
    print(out, root, "", "");
    return Main.OK;
  }

  private static Node tree(QueueStore store, Job job, String parentContext, Set<String> seen) {
    seen.add(job.id());
    List<Node> children = new ArrayList<>();
    for (Job child : store.children(job.id())) {
      if (!seen.contains(child.id())) {
        children.add(tree(store, child, job.context(), seen));
      }
    }
    return new Node(
        job, contextAdded(parentContext, job.context()), store.retries(job.id()), children);
  }

  /** The keys of {@code context} that {@code parentContext} lacks or holds another value for. */
  static ObjectNode contextAdded(String parentContext, String context) {
    ObjectNode added = Output.JSON.createObjectNode();
    JsonNode mine = Output.parsed(context);
    if (!mine.isObject()) {
      return added;
    }
    JsonNode theirs = Output.parsed(parentContext);
    for (Map.Entry<String, JsonNode> field : mine.properties()) {
      if (!theirs.isObject() || !field.getValue().equals(theirs.get(field.getKey()))) {
        added.set(field.getKey(), field.getValue());
      }
    }
    return added;
  }

  private ObjectNode json(Node node) {
    ObjectNode object = JobJson.summary(node.job());
    Duration took = duration(node.job());
    if (took == null) {
      object.putNull("duration_ms");
    } else {
      object.put("duration_ms", took.toMillis());
    }
    object.put("requested", node.job().id().equals(id));
    object.set("context_added", node.contextAdded());
    ArrayNode retriedAs = object.putArray("retried_as");
    node.retries().forEach(retry -> retriedAs.add(retry.id()));
    ArrayNode children = object.putArray("children");
    node.children().forEach(child -> children.add(json(child)));
    return object;
  }

  private void print(PrintWriter out, Node node, String lead, String indent) {
    Job job = node.job();
    StringBuilder line = new StringBuilder(lead)
        .append(shortId(job.id())).append("  ")
        .append(job.plugin()).append(' ').append(job.command()).append("  ")
        .append(job.status().wireName());
    Duration took = duration(job);
    if (took != null) {
      line.append("  ").append(format(took));
    }
    if (!node.contextAdded().isEmpty()) {
      line.append("  +").append(node.contextAdded());
    }
    if (job.retryOf() != null) {
      line.append("  (retry of ").append(shortId(job.retryOf())).append(')');
    }
    for (Job retry : node.retries()) {
      line.append("  (retried as ").append(shortId(retry.id())).append(')');
    }
    if (job.id().equals(id)) {
      line.append("  ◀ ").append(job.id());
    }
    out.println(line);
    for (Iterator<Node> it = node.children().iterator(); it.hasNext(); ) {
      Node child = it.next();
      boolean last = !it.hasNext();
      print(out, child, indent + (last ? "└─ " : "├─ "), indent + (last ? "   " : "│  "));
    }
  }

  private static Duration duration(Job job) {
    return job.startedAt() == null || job.completedAt() == null
        ? null
        : Duration.between(job.startedAt(), job.completedAt());
  }

  /** {@code 85ms} under a second, {@code 2.4s} under a minute, else as {@link Output#span}. */
  static String format(Duration took) {
    long millis = took.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    return Output.span(took);
  }

  static String shortId(String jobId) {
    return jobId.length() > 8 ? jobId.substring(0, 8) : jobId;
  }
}
