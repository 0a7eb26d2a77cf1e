package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where the scheduler reads the current schedules. The config can be reloaded, so the scheduler
 * asks on every tick; the engine binds an implementation backed by its current config snapshot.
 */
public interface ScheduleSource {

  /** The schedules of the enabled plugins as of now. */
  List<ScheduledPlugin> current();

  /** The scheduler's settings as of now. */
  SchedulerSettings settings();

  /** A source that never changes. */
  static ScheduleSource of(List<ScheduledPlugin> plugins, SchedulerSettings settings) {
    List<ScheduledPlugin> copy = List.copyOf(plugins);
    requireNonNull(settings, "settings is null");
    return new ScheduleSource() {
      @Override
      public List<ScheduledPlugin> current() {
        return copy;
      }

      @Override
      public SchedulerSettings settings() {
        return settings;
      }
    };
  }
}
