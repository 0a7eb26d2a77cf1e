package dev.senechal.gw.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobLogLine;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code senechal-gw logs [PLUGIN] [--follow]}: the job log, one line per settled attempt, from
 * the store (so it works with the daemon stopped). The daemon's own log lines go to its stdout
 * (journald, a file): this is the durable record of what each plugin did.
 */
@Command(
    name = "logs",
    description = "Show the job log (one entry per attempt), newest last; --follow waits for more.")
final class LogsCommand extends StoreCommand {
  private static final Duration POLL = Duration.ofMillis(500);

  @Parameters(paramLabel = "PLUGIN", arity = "0..1", description = "Only this plugin's attempts.")
  String plugin;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "How many of the newest entries to show first (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new entries until stopped.")
  boolean follow;

  @Override
  int run(GatewayConfig config, PrintWriter out) throws Exception {
    if (limit < 1) {
      throw new UsageFailure("--limit must be at least 1, not " + limit);
    }
    if (plugin != null && !config.plugins().containsKey(plugin)) {
      spec.commandLine().getErr().println(
          "senechal-gw logs: note: " + plugin + " is not in the config; showing its entries anyway");
    }
    Optional<QueueStore> opened = StoreAccess.openExisting(config);
    if (opened.isEmpty() && !follow) {
      if (json) {
        ObjectNode root = Output.JSON.createObjectNode();
        root.putArray("entries");
        Output.json(out, root);
      } else {
        out.println("no job log yet: there is no store at " + config.state().path());
      }
      return Main.OK;
    }
    try (QueueStore store = opened.isPresent() ? opened.get() : StoreAccess.open(config)) {
      List<JobLogLine> first = store.jobLogTail(plugin, limit);
      if (json && !follow) {
        ObjectNode root = Output.JSON.createObjectNode();
        ArrayNode entries = root.putArray("entries");
        first.forEach(line -> entries.add(entry(line)));
        Output.json(out, root);
        return Main.OK;
      }
      long last = print(out, first, -1);
      if (!follow) {
        if (first.isEmpty()) {
          out.println("no entries");
        }
        return Main.OK;
      }
      while (!Thread.currentThread().isInterrupted()) {
        last = print(out, store.jobLogAfter(plugin, last, 500), last);
        Thread.sleep(POLL.toMillis());
      }
      return Main.OK;
    }
  }

  /** Prints the lines (text, or one JSON object per line when following) and returns the last id. */
  private long print(PrintWriter out, List<JobLogLine> lines, long last) {
    for (JobLogLine line : lines) {
      if (json) {
        out.println(entry(line).toString()); // compact: one JSON object per line
      } else {
        text(out, line.entry());
      }
      last = line.id();
    }
    out.flush();
    return last;
  }

  private static void text(PrintWriter out, JobLogEntry e) {
    StringBuilder head = new StringBuilder();
    head.append(e.completedAt() == null ? "-" : e.completedAt().toString()).append("  ")
        .append(e.plugin()).append(' ').append(e.command()).append("  job ")
        .append(e.jobId(), 0, Math.min(8, e.jobId().length())).append(" attempt ")
        .append(e.attempt()).append("  ").append(e.status().wireName());
    if (e.exitCode() != null) {
      head.append("  exit ").append(e.exitCode());
    }
    if (e.startedAt() != null && e.completedAt() != null) {
      head.append("  ").append(Output.span(Duration.between(e.startedAt(), e.completedAt())));
    }
    if (e.result() != null) {
      head.append("  ").append(Output.cell(e.result(), 80));
    }
    out.println(head);
    if (e.error() != null) {
      out.println("    error: " + e.error());
    }
    if (e.stderr() != null && !e.stderr().isBlank()) {
      e.stderr().strip().lines().limit(20).forEach(l -> out.println("    stderr: " + l));
    }
  }

  private static ObjectNode entry(JobLogLine line) {
    JobLogEntry e = line.entry();
    ObjectNode node = Output.JSON.createObjectNode();
    node.put("id", line.id());
    node.put("job_id", e.jobId());
    node.put("attempt", e.attempt());
    node.put("plugin", e.plugin());
    node.put("command", e.command());
    node.put("status", e.status().wireName());
    node.set("started_at", Output.instant(e.startedAt()));
    node.set("completed_at", Output.instant(e.completedAt()));
    if (e.exitCode() == null) {
      node.putNull("exit_code");
    } else {
      node.put("exit_code", e.exitCode());
    }
    node.put("error", e.error());
    node.put("stderr", e.stderr());
    node.set("logs", Output.parsed(e.logs()));
    node.put("result", e.result());
    return node;
  }
}
