package dev.senechal.gw.scheduler;

import java.util.List;

/** A schedule source a test can "reload". */
final class MutableScheduleSource implements ScheduleSource {
  private volatile List<ScheduledPlugin> schedules = List.of();
  private volatile SchedulerSettings settings = SchedulerSettings.DEFAULTS;

  MutableScheduleSource set(ScheduledPlugin... current) {
    schedules = List.of(current);
    return this;
  }

  MutableScheduleSource settings(SchedulerSettings newSettings) {
    settings = newSettings;
    return this;
  }

  @Override
  public List<ScheduledPlugin> current() {
    return schedules;
  }

  @Override
  public SchedulerSettings settings() {
    return settings;
  }
}
