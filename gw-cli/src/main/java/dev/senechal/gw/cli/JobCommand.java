package dev.senechal.gw.cli;

import static dev.senechal.gw.cli.Output.cell;
import static dev.senechal.gw.cli.Output.relative;

import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobJson;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code senechal-gw job list|show|retry|trace}: what the store knows about jobs. */
@Command(
    name = "job",
    description = "Inspect, retry and trace jobs.",
    subcommands = {
      JobCommand.ListJobs.class,
      JobCommand.Show.class,
      JobRetryCommand.class,
      JobTraceCommand.class
    })
final class JobCommand extends GroupCommand {

  @Command(name = "list", description = "List jobs, newest first.")
  static final class ListJobs extends StoreCommand {
    @Option(names = "--status", paramLabel = "STATUS",
        description = "Only this status: queued, running, succeeded, failed, timed_out, dead.")
    String status;

    @Option(names = "--plugin", paramLabel = "NAME", description = "Only this plugin's jobs.")
    String plugin;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "At most N jobs (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(GatewayConfig config, PrintWriter out) {
      JobStatus wanted = status == null ? null : parseStatus(status);
      if (limit < 1) {
        throw new UsageFailure("--limit must be at least 1, not " + limit);
      }
      List<Job> jobs;
      Optional<QueueStore> opened = StoreAccess.openExisting(config);
      if (opened.isEmpty()) {
        jobs = List.of();
      } else {
        try (QueueStore store = opened.get()) {
          jobs = store.list(new JobQuery(wanted, plugin, limit));
        }
      }
      if (json) {
        Output.json(out, JobJson.list(jobs));
        return Main.OK;
      }
      printJobs(out, jobs, clock.instant());
      return Main.OK;
    }
  }

  @Command(name = "show", description = "Everything known about one job.")
  static final class Show extends StoreCommand {
    @Parameters(paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    int run(GatewayConfig config, PrintWriter out) {
      Optional<QueueStore> opened = StoreAccess.openExisting(config);
      if (opened.isEmpty()) {
        throw new CommandFailure("no job " + id + ": there is no store at " + config.state().path());
      }
      try (QueueStore store = opened.get()) {
        Job job =
            store.find(id).orElseThrow(() -> new CommandFailure("no job " + id + " in "
                + config.state().path()));
        List<JobLogEntry> attempts = store.attempts(id);
        List<Job> children = store.children(id);
        List<Job> retries = store.retries(id);
        if (json) {
          Output.json(out, JobJson.full(job, attempts, children, retries));
        } else {
          printJob(out, job, attempts, children, clock.instant());
          printRetries(out, retries);
        }
      }
      return Main.OK;
    }
  }

  static JobStatus parseStatus(String name) {
    try {
      return JobStatus.fromWireName(name);
    } catch (IllegalArgumentException e) {
      throw new StoreCommand.UsageFailure("unknown --status '" + name
          + "'; one of: queued, running, succeeded, failed, timed_out, dead");
    }
  }

  static void printRetries(PrintWriter out, List<Job> retries) {
    for (Job retry : retries) {
      out.println();
      out.printf("retried as %s (%s)%n", retry.id(), retry.status().wireName());
    }
  }

  static void printJobs(PrintWriter out, List<Job> jobs, Instant now) {
    if (jobs.isEmpty()) {
      out.println("no jobs");
      return;
    }
    Output.Table table =
        new Output.Table("ID", "PLUGIN", "COMMAND", "STATUS", "ATTEMPT", "CREATED", "ERROR");
    for (Job job : jobs) {
      table.row(
          job.id(),
          job.plugin(),
          job.command(),
          job.status().wireName(),
          job.attempt() + "/" + job.maxAttempts(),
          relative(job.createdAt(), now),
          cell(job.lastError(), 60));
    }
    table.print(out);
  }

  static void printJob(
      PrintWriter out, Job job, List<JobLogEntry> attempts, List<Job> children, Instant now) {
    Output.Table fields = new Output.Table("job", job.id());
    fields.row("plugin", job.plugin() + " " + job.command());
    fields.row("status", job.status().wireName());
    fields.row("attempt", job.attempt() + " of " + job.maxAttempts());
    fields.row("submitted by", job.submittedBy().wireName());
    fields.row("created", job.createdAt() + " (" + relative(job.createdAt(), now) + ")");
    fields.row("started", job.startedAt() == null ? "-"
        : job.startedAt() + " (" + relative(job.startedAt(), now) + ")");
    fields.row("completed", job.completedAt() == null ? "-"
        : job.completedAt() + " (" + relative(job.completedAt(), now) + ")");
    if (job.startedAt() != null && job.completedAt() != null) {
      fields.row("took", Output.span(Duration.between(job.startedAt(), job.completedAt())));
    }
    if (job.nextRetryAt() != null) {
      fields.row("next retry", job.nextRetryAt() + " (" + relative(job.nextRetryAt(), now) + ")");
    }
    fields.row("last error", job.lastError() == null ? "-" : job.lastError());
    fields.row("dedupe key", job.dedupeKey() == null ? "-" : job.dedupeKey());
    fields.row("parent", job.parentJobId() == null ? "-"
        : job.parentJobId() + " (event " + job.sourceEventId() + ")");
    if (job.retryOf() != null) {
      fields.row("retry of", job.retryOf());
    }
    fields.row("payload", job.payload());
    fields.row("context", job.context() == null ? "-" : job.context());
    fields.print(out);
    for (JobLogEntry entry : attempts) {
      out.println();
      out.printf("attempt %d: %s%s%s%n", entry.attempt(), entry.status().wireName(),
          entry.exitCode() == null ? "" : ", exit " + entry.exitCode(),
          entry.startedAt() == null || entry.completedAt() == null ? ""
              : ", took " + Output.span(Duration.between(entry.startedAt(), entry.completedAt())));
      if (entry.error() != null) {
        out.println("  error:  " + entry.error());
      }
      if (entry.result() != null) {
        out.println("  result: " + entry.result());
      }
      if (entry.logs() != null && !entry.logs().equals("[]")) {
        out.println("  logs:   " + entry.logs());
      }
      if (entry.stderr() != null && !entry.stderr().isEmpty()) {
        out.println("  stderr:");
        entry.stderr().lines().forEach(line -> out.println("    " + line));
      }
    }
    if (!children.isEmpty()) {
      out.println();
      out.println("children:");
      printJobs(out, children, now);
    }
  }
}
