package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The scheduler's service settings.
 *
 * @param tickInterval the delay between the end of one tick and the start of the next ({@code
 *     service.tick_interval}); read once when the scheduler starts
 * @param jobLogRetention job-log rows of attempts completed longer ago are pruned on every tick
 *     ({@code service.job_log_retention}); read on every tick
 */
public record SchedulerSettings(Duration tickInterval, Duration jobLogRetention) {

  /** {@code tick_interval: 60s}, {@code job_log_retention: 30d}. */
  public static final SchedulerSettings DEFAULTS =
      new SchedulerSettings(Duration.ofSeconds(60), Duration.ofDays(30));

  public SchedulerSettings {
    requireNonNull(tickInterval, "tickInterval is null");
    requireNonNull(jobLogRetention, "jobLogRetention is null");
    if (tickInterval.isNegative() || tickInterval.isZero()) {
      throw new IllegalArgumentException("tick_interval must be positive, was " + tickInterval);
    }
    if (jobLogRetention.isNegative() || jobLogRetention.isZero()) {
      throw new IllegalArgumentException(
          "job_log_retention must be positive, was " + jobLogRetention);
    }
  }
}
