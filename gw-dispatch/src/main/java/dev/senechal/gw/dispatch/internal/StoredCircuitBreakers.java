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
import dev.senechal.gw.queue.JobStatus;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CircuitBreakers} kept in a {@link BreakerStore}. A scheduled run's question reads the store
 * (one indexed read on the reader connection), so a reset from the CLI is seen at once; a success
 * of a (plugin, command) this process knows to be clean reads nothing. A write happens only when a
 * breaker changes: a failure,
 * the first success after failures, a probe, a reset. Each change is its own durable transaction,
 * committed right after the settle that caused it, and logged after it commits: opening and
 * re-opening at WARN, half-opening, closing and resetting at INFO, a counted failure that changes no
 * state at DEBUG. A crash between a settle and its breaker write loses that one count.
 */
public final class StoredCircuitBreakers implements CircuitBreakers {
  private static final Logger log = LoggerFactory.getLogger(StoredCircuitBreakers.class);

  private final BreakerStore store;
  private final BreakerPolicies policies;
  private final Clock clock;

  /**
   * (plugin, command) pairs known to have no breaker row: only this process records failures (one
   * daemon per store), and a reset only ever cleans a row, so a pair stays clean until {@link
   * #record} counts a failure for it. A success of such a pair then costs no store read at all.
   */
  private final Set<String> knownClean = ConcurrentHashMap.newKeySet();

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
  public void record(Job settled) {
    requireNonNull(settled, "settled is null");
    String plugin = settled.plugin();
    String command = settled.command();
    if (settled.status() == JobStatus.RUNNING) {
      return;
    }
    String key = plugin + '\u0000' + command;
    if (settled.status() == JobStatus.SUCCEEDED) {
      if (knownClean.contains(key)) {
        return; // the common case: no read, no write
      }
      if (store.breaker(plugin, command).isEmpty()) {
        knownClean.add(key);
        return;
      }
      BreakerTransition closed = store.updateBreaker(plugin, command, BreakerState::succeeded);
      if (closed.after().isClean()) {
        knownClean.add(key);
      }
      BreakerState before = closed.before();
      if (before.state() != CircuitState.CLOSED) {
        log.info(
            "circuit breaker of {} {} closed: job {} ({}) succeeded after {} consecutive failures",
            plugin,
            command,
            settled.id(),
            settled.submittedBy().wireName(),
            before.consecutiveFailures());
      } else if (!before.isClean()) {
        log.debug(
            "circuit breaker of {} {}: job {} succeeded; {} failure(s) forgotten",
            plugin,
            command,
            settled.id(),
            before.consecutiveFailures());
      }
      return;
    }
    knownClean.remove(key);
    BreakerPolicy policy = policies.policy(plugin);
    Instant now = clock.instant();
    String error = settled.lastError() == null ? settled.status().wireName() : settled.lastError();
    BreakerTransition failed =
        store.updateBreaker(
            plugin, command, breaker -> breaker.failed(now, error, policy.threshold()));
    BreakerState before = failed.before();
    BreakerState after = failed.after();
    Instant until = after.probeAt(policy.resetAfter()).orElse(null);
    if (before.state() == CircuitState.CLOSED && after.state() == CircuitState.OPEN) {
      log.warn(
          "circuit breaker of {} {} opened after {} consecutive failures (threshold {}; last: job"
              + " {}, {}): scheduled {} runs are refused until {}",
          plugin,
          command,
          after.consecutiveFailures(),
          policy.threshold(),
          settled.id(),
          error,
          command,
          until);
    } else if (before.state() == CircuitState.HALF_OPEN) {
      log.warn(
          "circuit breaker of {} {} re-opened: job {} failed while half-open ({}): scheduled {}"
              + " runs are refused until {}",
          plugin,
          command,
          settled.id(),
          error,
          command,
          until);
    } else {
      log.debug(
          "circuit breaker of {} {}: failure {} counted (job {}), {}",
          plugin,
          command,
          after.consecutiveFailures(),
          settled.id(),
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
