package dev.senechal.gw.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobJson;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code senechal-gw queue}: the work not yet done, running first, then in claim order. */
@Command(name = "queue", description = "Show running and queued jobs.")
final class QueueCommand extends StoreCommand {
  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "At most N queued jobs (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  int run(GatewayConfig config, PrintWriter out) {
    if (limit < 1) {
      throw new UsageFailure("--limit must be at least 1, not " + limit);
    }
    List<Job> running = List.of();
    List<Job> queued = new ArrayList<>();
    int depth = 0;
    Optional<QueueStore> opened = StoreAccess.openExisting(config);
    if (opened.isPresent()) {
      try (QueueStore store = opened.get()) {
        running = store.running();
        queued.addAll(store.list(new JobQuery(JobStatus.QUEUED, null, limit)));
        depth = store.depth();
      }
    }
    // Claim order: earliest runnable first (a retry waits for its time).
    queued.sort(
        Comparator.comparing((Job j) -> j.nextRetryAt() != null ? j.nextRetryAt() : j.createdAt()));
    if (json) {
      ObjectNode root = Output.JSON.createObjectNode();
      root.put("depth", depth);
      ArrayNode r = root.putArray("running");
      running.forEach(j -> r.add(JobJson.summary(j)));
      ArrayNode q = root.putArray("queued");
      queued.forEach(j -> q.add(JobJson.summary(j)));
      Output.json(out, root);
      return Main.OK;
    }
    Instant now = clock.instant();
    out.printf("%d running, %d queued%n", running.size(), depth - running.size());
    if (depth == 0) {
      return Main.OK;
    }
    Output.Table table =
        new Output.Table("ID", "PLUGIN", "COMMAND", "STATUS", "ATTEMPT", "SINCE", "RUNS");
    for (Job job : running) {
      table.row(job.id(), job.plugin(), job.command(), "running",
          job.attempt() + "/" + job.maxAttempts(), Output.relative(job.startedAt(), now), "now");
    }
    for (Job job : queued) {
      Instant runnable = job.nextRetryAt();
      table.row(job.id(), job.plugin(), job.command(), "queued",
          job.attempt() + "/" + job.maxAttempts(), Output.relative(job.createdAt(), now),
          runnable == null || !runnable.isAfter(now) ? "next" : Output.relative(runnable, now));
    }
    table.print(out);
    return Main.OK;
  }
}
