package dev.senechal.gw.engine;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.engine.config.ConfigProblem;
import dev.senechal.gw.queue.Job;
import java.util.List;

/**
 * The outcome of {@link Gateway#reload()}: either rejected with every problem found (nothing
 * changed), or applied, with what changed.
 *
 * @param applied whether the new configuration is in force
 * @param problems why it was rejected; empty when applied
 * @param added plugins that run now and did not before
 * @param removed plugins that ran before and no longer do (removed from the config, {@code enabled:
 *     false}, or refused by discovery)
 * @param changed plugins that still run, with different settings, manifest or files
 * @param routes how many routes are in force
 * @param schedules how many schedules are in force (of plugins that run)
 * @param deadLettered the queued jobs of removed plugins, now {@code dead}
 * @param restartRequired keys that changed but are read only at start ({@code state.path}, {@code
 *     service.tick_interval}, listen addresses…); the running values stay until a restart
 */
public record ReloadResult(
    boolean applied,
    List<ConfigProblem> problems,
    List<String> added,
    List<String> removed,
    List<String> changed,
    int routes,
    int schedules,
    List<Job> deadLettered,
    List<String> restartRequired) {

  public ReloadResult {
    problems = List.copyOf(problems);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    deadLettered = List.copyOf(deadLettered);
    restartRequired = List.copyOf(restartRequired);
    if (applied != problems.isEmpty()) {
      throw new IllegalArgumentException(
          applied ? "an applied reload has no problems" : "a rejected reload needs a problem");
    }
  }

  /** A reload that changed nothing because of {@code problems} (at least one). */
  public static ReloadResult rejected(List<ConfigProblem> problems) {
    requireNonNull(problems, "problems is null");
    return new ReloadResult(
        false, problems, List.of(), List.of(), List.of(), 0, 0, List.of(), List.of());
  }

  /**
   * One line for logs and tools: {@code plugins added [a], removed [], changed [b]; 2 routes, 1
   * schedule; 0 queued jobs dead-lettered}, or {@code rejected: N problem(s)}.
   */
  public String summary() {
    if (!applied) {
      return "rejected: " + problems.size() + " problem(s)";
    }
    StringBuilder text =
        new StringBuilder()
            .append("plugins added ")
            .append(added)
            .append(", removed ")
            .append(removed)
            .append(", changed ")
            .append(changed)
            .append("; ")
            .append(routes)
            .append(routes == 1 ? " route, " : " routes, ")
            .append(schedules)
            .append(schedules == 1 ? " schedule; " : " schedules; ")
            .append(deadLettered.size())
            .append(" queued job(s) dead-lettered");
    if (!restartRequired.isEmpty()) {
      text.append("; changed but needing a restart: ").append(String.join(", ", restartRequired));
    }
    return text.toString();
  }
}
