package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.queue.NewJob;

/**
 * One schedule of one plugin, as the current config has it.
 *
 * @param plugin the plugin to run
 * @param scheduleName the schedule's name, {@value #DEFAULT_SCHEDULE} for the plugin's {@code
 *     schedule} key; its timing is stored under (plugin, scheduleName)
 * @param command the command a run enqueues, normally {@value #DEFAULT_COMMAND}
 * @param spec when it runs
 * @param payload the job payload, JSON object text ({@value #DEFAULT_PAYLOAD} for none)
 * @param maxAttempts the attempt budget of each enqueued job
 * @param maxOutstandingPolls the poll guard: no run is enqueued while this many jobs of the plugin
 *     and command are queued or running
 */
public record ScheduledPlugin(
    String plugin,
    String scheduleName,
    String command,
    ScheduleSpec spec,
    String payload,
    int maxAttempts,
    int maxOutstandingPolls) {

  public static final String DEFAULT_SCHEDULE = "default";
  public static final String DEFAULT_COMMAND = "poll";
  public static final String DEFAULT_PAYLOAD = "{}";
  public static final int DEFAULT_MAX_OUTSTANDING_POLLS = 1;

  public ScheduledPlugin {
    requireNonBlank(plugin, "plugin");
    requireNonBlank(scheduleName, "scheduleName");
    requireNonBlank(command, "command");
    requireNonNull(spec, "spec is null");
    requireNonBlank(payload, "payload");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "maxAttempts of " + plugin + " must be at least 1, was " + maxAttempts);
    }
    if (maxOutstandingPolls < 1) {
      throw new IllegalArgumentException(
          "max_outstanding_polls of " + plugin + " must be at least 1, was " + maxOutstandingPolls);
    }
  }

  /** The default schedule of {@code plugin}: {@code poll} with an empty payload and defaults. */
  public static ScheduledPlugin poll(String plugin, ScheduleSpec spec) {
    return new ScheduledPlugin(
        plugin,
        DEFAULT_SCHEDULE,
        DEFAULT_COMMAND,
        spec,
        DEFAULT_PAYLOAD,
        NewJob.DEFAULT_MAX_ATTEMPTS,
        DEFAULT_MAX_OUTSTANDING_POLLS);
  }

  private static void requireNonBlank(String value, String name) {
    requireNonNull(value, name + " is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
