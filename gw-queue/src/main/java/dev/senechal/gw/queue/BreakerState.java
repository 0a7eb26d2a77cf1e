package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The circuit breaker of one (plugin, command) (SPEC §6), and its state machine as pure functions,
 * so that every backend stores the same behaviour:
 *
 * <pre>
 * closed ──failure #threshold──▶ open ──reset_after passed, next scheduled run──▶ half_open
 *   ▲  └─failure: count+1             ▲  └─failure: count+1, stays open            │  │
 *   │                                 └────────────── failure (the probe failed) ───┘  │
 *   └──────────── success (any job of the plugin and command), or reset ───────────────┘
 * </pre>
 *
 * @param consecutiveFailures failed attempts since the last success or reset
 * @param openedAt when it last opened; {@code null} while closed
 * @param halfOpenedAt when it let its probe through; {@code null} unless half-open
 * @param lastFailureAt when the last counted failure settled, or {@code null}
 * @param lastError that failure's error, or {@code null}
 */
public record BreakerState(
    String plugin,
    String command,
    CircuitState state,
    int consecutiveFailures,
    Instant openedAt,
    Instant halfOpenedAt,
    Instant lastFailureAt,
    String lastError) {

  public BreakerState {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    requireNonNull(state, "state is null");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures is negative");
    }
    if (state != CircuitState.CLOSED) {
      requireNonNull(openedAt, "openedAt is null for a breaker that is " + state.wireName());
    }
    if (state == CircuitState.HALF_OPEN) {
      requireNonNull(halfOpenedAt, "halfOpenedAt is null for a half-open breaker");
    }
  }

  /** A closed breaker with nothing counted: what a (plugin, command) without a stored row has. */
  public static BreakerState closed(String plugin, String command) {
    return new BreakerState(plugin, command, CircuitState.CLOSED, 0, null, null, null, null);
  }

  /** Closed with no failure counted: nothing to remember (a backend need not store it). */
  public boolean isClean() {
    return state == CircuitState.CLOSED && consecutiveFailures == 0;
  }

  /**
   * After a failed attempt settled at {@code at}: counted; a closed breaker opens at {@code
   * threshold} consecutive failures; a half-open one re-opens (its probe failed, or another job of
   * the same command did), for a whole new {@code reset_after}; an open one stays open, its opening
   * time unchanged.
   */
  public BreakerState failed(Instant at, String error, int threshold) {
    requireNonNull(at, "at is null");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
    int failures = consecutiveFailures == Integer.MAX_VALUE ? consecutiveFailures : consecutiveFailures + 1;
    return switch (state) {
      case CLOSED ->
          failures >= threshold
              ? new BreakerState(plugin, command, CircuitState.OPEN, failures, at, null, at, error)
              : new BreakerState(plugin, command, CircuitState.CLOSED, failures, null, null, at,
                  error);
      case OPEN ->
          new BreakerState(plugin, command, CircuitState.OPEN, failures, openedAt, null, at, error);
      case HALF_OPEN ->
          new BreakerState(plugin, command, CircuitState.OPEN, failures, at, null, at, error);
    };
  }

  /** After a successful attempt, or an operator's reset: closed, nothing counted. */
  public BreakerState succeeded() {
    return closed(plugin, command);
  }

  /**
   * Whether, at {@code now}, the scheduler may enqueue a run of this command as a probe: an open
   * breaker once {@code resetAfter} has passed since it opened; a half-open one only once {@code
   * resetAfter} has passed since its probe went through without being settled (a lost probe, say
   * dead-lettered by a reload, must not keep the breaker half-open for ever). Never for a closed
   * breaker, which needs no probe.
   */
  public boolean probeDue(Instant now, Duration resetAfter) {
    return probeAt(resetAfter).map(at -> !now.isBefore(at)).orElse(false);
  }

  /**
   * When the next scheduled run will be let through as a probe: {@code opened_at + reset_after}
   * while open, {@code half_opened_at + reset_after} while half-open; empty while closed.
   */
  public Optional<Instant> probeAt(Duration resetAfter) {
    requireNonNull(resetAfter, "resetAfter is null");
    return switch (state) {
      case CLOSED -> Optional.empty();
      case OPEN -> Optional.of(openedAt.plus(resetAfter));
      case HALF_OPEN -> Optional.of(halfOpenedAt.plus(resetAfter));
    };
  }

  /** Lets the probe through at {@code at}: half-open, failures and opening time kept. */
  public BreakerState halfOpened(Instant at) {
    requireNonNull(at, "at is null");
    if (state == CircuitState.CLOSED) {
      throw new IllegalStateException("a closed breaker has no probe");
    }
    return new BreakerState(
        plugin, command, CircuitState.HALF_OPEN, consecutiveFailures, openedAt, at, lastFailureAt,
        lastError);
  }
}
