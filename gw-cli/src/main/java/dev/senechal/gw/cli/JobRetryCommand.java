package dev.senechal.gw.cli;

import static dev.senechal.gw.cli.Output.cell;
import static dev.senechal.gw.cli.Output.relative;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobJson;
import dev.senechal.gw.queue.JobNotFoundException;
import dev.senechal.gw.queue.JobNotRetryableException;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code senechal-gw job retry ID [--payload JSON|@file]} and {@code job retry --status S --plugin
 * P [--dry-run]}: replay failed work as new jobs linked to the originals ({@code retry_of}). A bulk
 * retry needs both filters, so nobody replays everything by accident; a job is retried at most
 * once, so repeating a bulk retry skips what it already replayed.
 */
@Command(
    name = "retry",
    description = {
      "Re-enqueue a failed, timed_out or dead job as a new job linked to it (retry_of).",
      "With --status and --plugin instead of an ID, retries every such job of that plugin,"
          + " oldest first."
    })
final class JobRetryCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", arity = "0..1", description = "The job to retry.")
  String id;

  @Option(names = "--payload", paramLabel = "JSON|@FILE",
      description = "An edited payload for the new job (a JSON object, or @file); only with ID.")
  String payload;

  @Option(names = "--status", paramLabel = "STATUS",
      description = "Bulk: retry the jobs in this status: failed, timed_out or dead.")
  String status;

  @Option(names = "--plugin", paramLabel = "NAME", description = "Bulk: only this plugin's jobs.")
  String plugin;

  @Option(names = "--dry-run", description = "Bulk: list what would be retried, enqueue nothing.")
  boolean dryRun;

  @Override
  int run(GatewayConfig config, PrintWriter out) {
    boolean bulk = status != null || plugin != null || dryRun;
    if (id != null && bulk) {
      throw new UsageFailure("give either a job ID or --status and --plugin, not both");
    }
    if (id != null) {
      return retryOne(config, out);
    }
    if (status == null || plugin == null) {
      throw new UsageFailure("give a job ID, or both --status and --plugin to retry several jobs"
          + " (e.g. job retry --status dead --plugin NAME --dry-run)");
    }
    if (payload != null) {
      throw new UsageFailure("--payload edits one job: give a job ID, not --status and --plugin");
    }
    JobStatus wanted = JobCommand.parseStatus(status);
    if (!wanted.isRetryable()) {
      throw new UsageFailure("--status " + status
          + " cannot be retried; one of: failed, timed_out, dead");
    }
    return retryAll(config, out, wanted);
  }

  private int retryOne(GatewayConfig config, PrintWriter out) {
    String edited = payload == null ? null : RunCommand.object("--payload", payload, null);
    Optional<QueueStore> opened = StoreAccess.openExisting(config);
    if (opened.isEmpty()) {
      throw new CommandFailure("no job " + id + ": there is no store at " + config.state().path());
    }
    Job retry;
    try (QueueStore store = opened.get()) {
      retry = store.retry(id, edited);
    } catch (JobNotFoundException e) {
      throw new CommandFailure("no job " + id + " in " + config.state().path());
    } catch (JobNotRetryableException e) {
      throw new CommandFailure(e.getMessage());
    }
    if (json) {
      Output.json(out, entry(retry.id(), id));
    } else {
      out.println(retry.id());
    }
    return Main.OK;
  }

  private int retryAll(GatewayConfig config, PrintWriter out, JobStatus wanted) {
    List<String[]> rows = new ArrayList<>();
    ArrayNode retried = Output.JSON.createArrayNode();
    ArrayNode skipped = Output.JSON.createArrayNode();
    Optional<QueueStore> opened = StoreAccess.openExisting(config);
    List<Job> jobs = List.of();
    if (opened.isPresent()) {
      try (QueueStore store = opened.get()) {
        // Newest first from the store; retried oldest first so the replays keep the original order.
        jobs = new ArrayList<>(store.list(new JobQuery(wanted, plugin, Integer.MAX_VALUE)));
        Collections.reverse(jobs);
        Instant now = clock.instant();
        for (Job job : jobs) {
          String action;
          Optional<Job> earlier = store.retries(job.id()).stream().findFirst();
          if (earlier.isPresent()) {
            action = "skipped: already retried as " + earlier.get().id();
            skipped.add(skip(job.id(), "already retried as job " + earlier.get().id()));
          } else if (dryRun) {
            action = "would retry";
            retried.add(entry(null, job.id()));
          } else {
            try {
              String newId = store.retry(job.id(), null).id();
              action = "retried as " + newId;
              retried.add(entry(newId, job.id()));
            } catch (JobNotRetryableException e) {
              // Retried or changed by someone else since the listing.
              action = "skipped: " + e.getMessage();
              skipped.add(skip(job.id(), e.getMessage()));
            }
          }
          rows.add(new String[] {job.id(), job.command(), relative(job.createdAt(), now),
              cell(job.lastError(), 50), action});
        }
      }
    }
    if (json) {
      ObjectNode root = Output.JSON.createObjectNode();
      root.put("dry_run", dryRun);
      root.put("status", wanted.wireName());
      root.put("plugin", plugin);
      root.set("retried", retried);
      root.set("skipped", skipped);
      Output.json(out, root);
      return Main.OK;
    }
    String what = wanted.wireName() + " jobs of plugin " + plugin;
    if (rows.isEmpty()) {
      out.println("no " + what);
      return Main.OK;
    }
    Output.Table table = new Output.Table("ID", "COMMAND", "CREATED", "ERROR", "RETRY");
    rows.forEach(table::row);
    table.print(out);
    out.println();
    if (dryRun) {
      out.printf("dry run: would retry %d of %d %s; nothing was enqueued%n",
          retried.size(), jobs.size(), what);
    } else {
      out.printf("retried %d of %d %s%n", retried.size(), jobs.size(), what);
    }
    return Main.OK;
  }

  private static ObjectNode entry(String newJobId, String originalId) {
    return JobJson.retried(newJobId, originalId);
  }

  private static ObjectNode skip(String jobId, String reason) {
    ObjectNode node = Output.JSON.createObjectNode();
    node.put("job_id", jobId);
    node.put("reason", reason);
    return node;
  }
}
