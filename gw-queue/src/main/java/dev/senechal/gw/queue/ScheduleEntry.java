package dev.senechal.gw.queue;

import java.time.Instant;

/**
 * The stored timing of one schedule: when it last fired and the drawn next run (jitter included),
 * so a restart neither redraws the jitter nor forgets the time (SPEC §5).
 */
public record ScheduleEntry(String plugin, String schedule, Instant lastRun, Instant nextRun) {}
