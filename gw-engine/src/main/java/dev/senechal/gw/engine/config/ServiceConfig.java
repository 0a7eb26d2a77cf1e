package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The {@code service} section: the daemon as a whole.
 *
 * @param name shown in logs and status; default {@code senechal-gw}
 * @param tickInterval how often the scheduler looks for due plugins; default 60s, above zero
 * @param logLevel default {@code info}
 * @param logFormat default {@code json}
 * @param dedupeTtl how long a succeeded job's dedupe key suppresses equal ones; default 24h, 0
 *     disables dedupe
 * @param jobLogRetention job log rows older than this are pruned; default 30d, above zero
 * @param shutdownGrace how long stop waits for the running job; default 30s, 0 kills at once
 */
public record ServiceConfig(
    String name,
    Duration tickInterval,
    LogLevel logLevel,
    LogFormat logFormat,
    Duration dedupeTtl,
    Duration jobLogRetention,
    Duration shutdownGrace) {

  public static final String DEFAULT_NAME = "senechal-gw";
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_JOB_LOG_RETENTION = Duration.ofDays(30);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public ServiceConfig {
    requireNonNull(name, "name is null");
    requireNonNull(tickInterval, "tickInterval is null");
    requireNonNull(logLevel, "logLevel is null");
    requireNonNull(logFormat, "logFormat is null");
    requireNonNull(dedupeTtl, "dedupeTtl is null");
    requireNonNull(jobLogRetention, "jobLogRetention is null");
    requireNonNull(shutdownGrace, "shutdownGrace is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    RangeChecks.requirePositive(tickInterval, "tickInterval");
    RangeChecks.requireNotNegative(dedupeTtl, "dedupeTtl");
    RangeChecks.requirePositive(jobLogRetention, "jobLogRetention");
    RangeChecks.requireNotNegative(shutdownGrace, "shutdownGrace");
  }

  /** Every key at its default. */
  public static ServiceConfig defaults() {
    return new ServiceConfig(
        DEFAULT_NAME,
        DEFAULT_TICK_INTERVAL,
        LogLevel.INFO,
        LogFormat.JSON,
        DEFAULT_DEDUPE_TTL,
        DEFAULT_JOB_LOG_RETENTION,
        DEFAULT_SHUTDOWN_GRACE);
  }
}
