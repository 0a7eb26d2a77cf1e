package dev.senechal.gw.cli;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.engine.Gateway;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGHUPs into {@link Gateway#reload()} calls on one thread of its own ({@code gw-reload}),
 * never on the signal's thread.
 *
 * <ul>
 *   <li>Coalescing: requests that arrive while a reload is waiting to run join it; a request that
 *       arrives while one runs queues at most one more (which reads the file again, so an edit
 *       made during a reload is not missed). A burst of SIGHUPs is at most two reloads.
 *   <li>A request that arrives before the engine has started (it may not even be built) is kept,
 *       and one reload runs as soon as {@link #ready} is called: the file read at start may already
 *       be older than the edit the operator signalled about.
 *   <li>After {@link #close} requests are logged and ignored.
 * </ul>
 */
final class DaemonReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DaemonReloader.class);

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread t = new Thread(task, "gw-reload");
            t.setDaemon(true);
            return t;
          });
  /** A reload is submitted and has not started reading the file yet. */
  private final AtomicBoolean waiting = new AtomicBoolean();

  private final Object monitor = new Object();
  private Gateway gateway; // guarded by monitor; null until ready
  private boolean requestedBeforeReady; // guarded by monitor
  private volatile boolean closed;

  /** Called from the SIGHUP handler: logs and returns at once. */
  void requested() {
    log.info("reload requested (SIGHUP)");
    synchronized (monitor) {
      if (closed) {
        log.info("the daemon is stopping; the reload is skipped");
        return;
      }
      if (gateway == null) {
        requestedBeforeReady = true;
        log.info("the daemon has not started yet; it reloads the configuration once it has");
        return;
      }
    }
    submit();
  }

  /** The engine has started: reloads may run, and one runs now if one was requested before. */
  void ready(Gateway started) {
    requireNonNull(started, "started is null");
    boolean pending;
    synchronized (monitor) {
      gateway = started;
      pending = requestedBeforeReady;
      requestedBeforeReady = false;
    }
    if (pending) {
      submit();
    }
  }

  private void submit() {
    if (waiting.compareAndSet(false, true)) {
      thread.execute(this::reload);
    } else {
      log.info("a reload is already pending; this request joins it");
    }
  }

  private void reload() {
    // Cleared before the file is read: a request arriving from now on needs a reload of its own.
    waiting.set(false);
    Gateway target;
    synchronized (monitor) {
      target = gateway;
    }
    if (closed) {
      return;
    }
    try {
      // Gateway.reload logs "reload applied: …" or "reload rejected: …" with every problem.
      target.reload();
    } catch (IllegalStateException e) {
      // The daemon began to stop while this reload waited for the engine.
      log.info("the daemon is stopping; the reload is skipped");
    } catch (RuntimeException e) {
      log.error("reload failed; the running configuration is kept", e);
    }
  }

  /** Stops taking requests; a reload that is running finishes (the gateway's close waits for it). */
  @Override
  public void close() {
    synchronized (monitor) {
      closed = true;
    }
    thread.shutdown();
  }
}
