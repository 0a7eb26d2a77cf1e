package dev.senechal.gw.queue;

import java.util.Locale;

/** The states of a circuit breaker (SPEC §6); see {@link BreakerState}. */
public enum CircuitState {
  /** Scheduled runs go through; failures are counted. */
  CLOSED,
  /** Scheduled runs are refused until {@code reset_after} has passed since it opened. */
  OPEN,
  /** One scheduled run (the probe) went through; its outcome closes or re-opens the breaker. */
  HALF_OPEN;

  /** The lower-case name used in the store, the CLI and JSON ({@code half_open}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CircuitState fromWireName(String wireName) {
    for (CircuitState state : values()) {
      if (state.wireName().equals(wireName)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown circuit breaker state '" + wireName + "'");
  }
}
