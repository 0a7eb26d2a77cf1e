package dev.senechal.gw.dispatch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * Process-wide dispatch settings.
 *
 * @param daemonEnvironment the daemon's environment, from which a plugin gets only {@code PATH},
 *     {@code HOME}, {@code LANG}, {@code TZ}, {@code TMPDIR} and what its config names
 * @param killGrace how long a plugin gets between SIGTERM and SIGKILL (5s)
 * @param idlePoll the longest the idle loop waits before looking for work another process enqueued
 */
public record DispatchSettings(
    Map<String, String> daemonEnvironment, Duration killGrace, Duration idlePoll) {
  public DispatchSettings {
    daemonEnvironment = Map.copyOf(daemonEnvironment);
    requireNonNull(killGrace, "killGrace is null");
    requireNonNull(idlePoll, "idlePoll is null");
  }

  public static DispatchSettings defaults(Map<String, String> daemonEnvironment) {
    return new DispatchSettings(daemonEnvironment, Duration.ofSeconds(5), Duration.ofSeconds(1));
  }
}
