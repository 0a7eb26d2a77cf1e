package dev.senechal.gw.dispatch.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.dispatch.BreakerPolicies;
import dev.senechal.gw.dispatch.BreakerPolicy;
import dev.senechal.gw.dispatch.CircuitBreakers;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.BreakerStore;
import dev.senechal.gw.queue.BreakerTransition;
import dev.senechal.gw.queue.CircuitState;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.SettledAttempt;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CircuitBreakers} kept in a {@link BreakerStore}. A scheduled run's question reads the store
 * (one indexed read on the reader connection), so a reset from the CLI is seen at once. Settled
 * attempts are counted by the store in the settle's own transaction (the dispatcher marks its
 * settlements {@linkplain dev.senechal.gw.queue.Settlement#countedByBreaker counted}); this class
 * logs each change once it is durable: opening and re-opening at WARN, closing at INFO, a counted
 * failure that changes no state at DEBUG. Probes and resets are their own durable transactions,
 * logged here after they commit: half-opening and resetting at INFO.
 */
public final class StoredCircuitBreakers implements CircuitBreakers {
  private static final Logger log = LoggerFactory.getLogger(StoredCircuitBreakers.class);

  private final BreakerStore store;
  private final BreakerPolicies policies;
  private final Clock clock;

  @Inject
  public StoredCircuitBreakers(BreakerStore store, BreakerPolicies policies, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.policies = requireNonNull(policies, "policies is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public boolean allowsScheduledRun(String plugin, String command) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    Optional<BreakerState> stored = store.breaker(plugin, command);
    if (stored.isEmpty() || stored.get().state() == CircuitState.CLOSED) {
      return true;
    }
    Duration resetAfter = policies.policy(plugin).resetAfter();
    Instant now = clock.instant();
    if (!stored.get().probeDue(now, resetAfter)) {
      refused(stored.get(), resetAfter);
      return false;
    }
    BreakerTransition probe =
        store.updateBreaker(
            plugin,
            command,
            breaker -> breaker.probeDue(now, resetAfter) ? breaker.halfOpened(now) : breaker);
    BreakerState after = probe.after();
    if (after.state() == CircuitState.CLOSED) {
      return true; // reset meanwhile
    }
    if (after.state() != CircuitState.HALF_OPEN || !now.equals(after.halfOpenedAt())) {
      refused(after, resetAfter);
      return false;
    }
    if (probe.before().state() == CircuitState.HALF_OPEN) {
      log.warn(
          "circuit breaker of {} {}: the probe let through at {} never settled; letting another"
              + " scheduled {} through as the probe",
          plugin,
          command,
          probe.before().halfOpenedAt(),
          command);
    } else {
      log.info(
          "circuit breaker of {} {} half-open: open since {} ({} consecutive failures); the next"
              + " scheduled {} runs as the probe",
          plugin,
          command,
          after.openedAt(),
          after.consecutiveFailures(),
          command);
    }
    return true;
  }

  private static void refused(BreakerState breaker, Duration resetAfter) {
    Instant until = breaker.probeAt(resetAfter).orElseThrow();
    if (breaker.state() == CircuitState.HALF_OPEN) {
      log.warn(
          "circuit breaker of {} {} is half-open, waiting for its probe (let through at {}):"
              + " scheduled {} refused; another probe after {}",
          breaker.plugin(),
          breaker.command(),
          breaker.halfOpenedAt(),
          breaker.command(),
          until);
    } else {
      log.warn(
          "circuit breaker of {} {} is open ({} consecutive failures, last error: {}): scheduled"
              + " {} refused until {}",
          breaker.plugin(),
          breaker.command(),
          breaker.consecutiveFailures(),
          breaker.lastError(),
          breaker.command(),
          until);
    }
  }

  @Override
  public void settled(SettledAttempt settled) {
    requireNonNull(settled, "settled is null");
    BreakerTransition change = settled.breaker();
    if (change == null) {
      return;
    }
    Job job = settled.job();
    String plugin = job.plugin();
    String command = job.command();
    BreakerState before = change.before();
    BreakerState after = change.after();
    if (after.isClean()) {
      if (before.state() != CircuitState.CLOSED) {
        log.info(
            "circuit breaker of {} {} closed: job {} ({}) succeeded after {} consecutive failures",
            plugin,
            command,
            job.id(),
            job.submittedBy().wireName(),
            before.consecutiveFailures());
      } else if (!before.isClean()) {
        log.debug(
            "circuit breaker of {} {}: job {} succeeded; {} failure(s) forgotten",
            plugin,
            command,
            job.id(),
            before.consecutiveFailures());
      }
      return;
    }
    BreakerPolicy policy = policies.policy(plugin);
    String error = after.lastError();
    Instant until = after.probeAt(policy.resetAfter()).orElse(null);
    if (before.state() == CircuitState.CLOSED && after.state() == CircuitState.OPEN) {
      log.warn(
          "circuit breaker of {} {} opened after {} consecutive failures (threshold {}; last: job"
              + " {}, {}): scheduled {} runs are refused until {}",
          plugin,
          command,
          after.consecutiveFailures(),
          policy.threshold(),
          job.id(),
          error,
          command,
          until);
    } else if (before.state() == CircuitState.HALF_OPEN) {
      log.warn(
          "circuit breaker of {} {} re-opened: job {} failed while half-open ({}): scheduled {}"
              + " runs are refused until {}",
          plugin,
          command,
          job.id(),
          error,
          command,
          until);
    } else {
      log.debug(
          "circuit breaker of {} {}: failure {} counted (job {}), {}",
          plugin,
          command,
          after.consecutiveFailures(),
          job.id(),
          after.state().wireName());
    }
  }

  @Override
  public List<BreakerState> reset(String plugin, String command) {
    List<BreakerState> reset = store.resetBreakers(plugin, command);
    for (BreakerState breaker : reset) {
      log.info(
          "circuit breaker of {} {} reset to closed (was {}, {} consecutive failures)",
          breaker.plugin(),
          breaker.command(),
          breaker.state().wireName(),
          breaker.consecutiveFailures());
    }
    return reset;
  }

  @Override
  public List<BreakerState> breakers() {
    return store.breakers();
  }
}
