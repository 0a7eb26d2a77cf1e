package dev.senechal.gw.cli;

import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobTrace;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
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

  @Override
  int run(GatewayConfig config, PrintWriter out) {
    Optional<QueueStore> opened = StoreAccess.openExisting(config);
    if (opened.isEmpty()) {
      throw new CommandFailure("no job " + id + ": there is no store at " + config.state().path());
    }
    JobTrace trace;
    try (QueueStore store = opened.get()) {
      trace =
          JobTrace.of(store, id)
              .orElseThrow(() -> new CommandFailure("no job " + id + " in "
                  + config.state().path()));
    }
    if (json) {
      Output.json(out, trace.json());
      return Main.OK;
    }
    if (trace.missingParent() != null) {
      out.println("(parent " + trace.missingParent() + " is no longer in the store)");
    }
    print(out, trace.root(), "", "");
    return Main.OK;
  }

  private void print(PrintWriter out, JobTrace.Node node, String lead, String indent) {
    Job job = node.job();
    StringBuilder line = new StringBuilder(lead)
        .append(shortId(job.id())).append("  ")
        .append(job.plugin()).append(' ').append(job.command()).append("  ")
        .append(job.status().wireName());
    Duration took = node.duration();
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
    for (Iterator<JobTrace.Node> it = node.children().iterator(); it.hasNext(); ) {
      JobTrace.Node child = it.next();
      boolean last = !it.hasNext();
      print(out, child, indent + (last ? "└─ " : "├─ "), indent + (last ? "   " : "│  "));
    }
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
