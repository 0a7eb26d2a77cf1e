package dev.senechal.gw.testkit;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.ManifestParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks every plugin must pass (SPEC §10), each reported on its own with a clear message and
 * the plugin's stderr:
 *
 * <ol>
 *   <li>{@code manifest}: {@code manifest.yaml} exists and is valid;
 *   <li>{@code entrypoint}: the entrypoint exists and is executable;
 *   <li>{@code command <name>}, for every declared command: the plugin answers a minimal request
 *       with a valid response envelope ({@code ok}, or {@code error} with a reason) within the
 *       timeout, exit status matching it, and nothing but that JSON on stdout ({@code handle} gets
 *       a sample event);
 *   <li>{@code unsupported protocol}: a request of a protocol version it cannot speak is answered
 *       with exit 78 (EX_CONFIG), so the daemon never retries it.
 * </ol>
 *
 * <p>A plugin whose manifest or entrypoint fails is not run; the command checks are then reported
 * as not run. Uses {@link PluginHarness}, so the plugin runs exactly as in the daemon.
 */
public final class PluginConformance {
  /** The timeout each command check gets unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private PluginConformance() {}

  /** One check's outcome. {@code stderr} is what the plugin wrote during it, possibly empty. */
  public record Check(String name, boolean passed, String message, String stderr) {
    public Check {
      requireNonNull(name, "name is null");
      requireNonNull(message, "message is null");
      stderr = stderr == null ? "" : stderr;
    }
  }

  /** Every check of one plugin. */
  public record Report(Path plugin, List<Check> checks) {
    public Report {
      checks = List.copyOf(checks);
    }

    public boolean passed() {
      return checks.stream().allMatch(Check::passed);
    }

    public List<Check> failures() {
      return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** One line per check ({@code PASS}/{@code FAIL}), with stderr under each failure. */
    public String describe() {
      StringBuilder out = new StringBuilder();
      for (Check check : checks) {
        out.append(check.passed() ? "PASS  " : "FAIL  ").append(check.name()).append(": ")
            .append(check.message()).append('\n');
        if (!check.passed() && !check.stderr().isBlank()) {
          check.stderr().strip().lines().forEach(l -> out.append("        stderr: ").append(l)
              .append('\n'));
        }
      }
      return out.toString();
    }
  }

  public static Report check(Path pluginDirectory) {
    return check(pluginDirectory, DEFAULT_TIMEOUT);
  }

  /** Runs every check against the plugin in {@code pluginDirectory}; never throws for a bad one. */
  public static Report check(Path pluginDirectory, Duration timeout) {
    requireNonNull(pluginDirectory, "pluginDirectory is null");
    requireNonNull(timeout, "timeout is null");
    Path dir = pluginDirectory.toAbsolutePath().normalize();
    List<Check> checks = new ArrayList<>();
    Path manifestFile = dir.resolve("manifest.yaml");
    String manifestProblem = null;
    if (!Files.isRegularFile(manifestFile)) {
      manifestProblem = "no manifest.yaml in " + dir;
    } else {
      try {
        new ManifestParser().parse(manifestFile);
      } catch (RuntimeException e) {
        manifestProblem = manifestFile + ": " + e.getMessage();
      }
    }
    PluginHarness harness = null;
    String entrypointProblem = "not checked: the manifest is not valid";
    if (manifestProblem == null) {
      try {
        harness = PluginHarness.of(dir);
      } catch (IllegalArgumentException e) {
        entrypointProblem = e.getMessage();
      }
    }
    if (harness == null) {
      checks.add(new Check("manifest", manifestProblem == null,
          manifestProblem == null ? "valid" : manifestProblem, ""));
      checks.add(new Check("entrypoint", false, entrypointProblem, ""));
      checks.add(new Check("commands", false, "not run: the plugin cannot be started", ""));
      return new Report(dir, checks);
    }
    try (PluginHarness opened = harness) {
      checks.add(new Check("manifest", true,
          "valid (" + opened.manifest().name() + " " + opened.manifest().version()
              + ", protocol " + opened.manifest().protocol() + ", commands "
              + opened.manifest().commands().keySet() + ")", ""));
      checks.add(new Check("entrypoint", true, opened.manifest().entrypoint() + " is executable",
          ""));
      opened.timeout(timeout).killGrace(Duration.ofSeconds(1));
      opened.event("conformance_check", "{\"sample\":true}");
      for (String command : opened.manifest().commands().keySet()) {
        checks.add(command(opened, command, timeout));
      }
      checks.add(unsupportedProtocol(opened));
    }
    return new Report(dir, checks);
  }

  private static Check command(PluginHarness harness, String command, Duration timeout) {
    String name = "command " + command;
    PluginRun run = harness.run(command);
    if (run.timedOut()) {
      return new Check(name, false, "no answer within " + timeout, run.stderr());
    }
    if (run.succeeded()) {
      return new Check(name, true, "answered ok in " + run.duration().toMillis() + " ms",
          run.stderr());
    }
    if (run.response() != null && "error".equals(run.response().status())) {
      // A reasoned refusal (say, a missing config key) is a valid envelope.
      return new Check(name, true, "answered error (a valid envelope): " + run.error(),
          run.stderr());
    }
    return new Check(name, false, run.error(), run.stderr());
  }

  private static Check unsupportedProtocol(PluginHarness harness) {
    String name = "unsupported protocol";
    PluginRun run = harness.runWithProtocol(99, firstCommand(harness));
    if (Integer.valueOf(78).equals(run.exitCode())) {
      return new Check(name, true, "a protocol 99 request is refused with exit 78", run.stderr());
    }
    String got =
        run.exitCode() != null ? "exit " + run.exitCode()
            : run.timedOut() ? "no answer in time" : "signal " + run.signal();
    return new Check(name, false,
        "a protocol 99 request must exit 78 (EX_CONFIG), got " + got, run.stderr());
  }

  private static String firstCommand(PluginHarness harness) {
    return harness.manifest().commands().keySet().stream()
        .filter(c -> !c.equals("handle"))
        .findFirst()
        .orElse("handle");
  }
}
