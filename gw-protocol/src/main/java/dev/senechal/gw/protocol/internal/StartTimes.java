package dev.senechal.gw.protocol.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's start time exactly as {@link ProcessHandle.Info#startInstant()} gives it (boot time
 * plus field 22 of {@code /proc/PID/stat}, in milliseconds), read from the {@code stat} file alone.
 * The JDK's {@code info()} also reads the command line, the executable and the user (through
 * {@code getpwuid}), which costs the dispatcher more than the rest of a spawn's bookkeeping.
 *
 * <p>The tick rate is not visible to Java: it is found once by computing this JVM's own start time
 * for each usual rate and keeping the one that matches what the JDK reports. If none matches (or
 * {@code /proc} cannot be read), every lookup goes through the JDK, so the times recorded here and
 * those crash recovery compares them with never disagree.
 */
final class StartTimes {
  private static final Logger log = LoggerFactory.getLogger(StartTimes.class);
  private static final long[] USUAL_TICK_RATES = {100, 250, 300, 1000, 1024, 1200};

  private final Procfs procfs;
  private final long bootMillis;
  private final long ticksPerSecond; // 0: use the JDK

  private StartTimes(Procfs procfs, long bootMillis, long ticksPerSecond) {
    this.procfs = procfs;
    this.bootMillis = bootMillis;
    this.ticksPerSecond = ticksPerSecond;
  }

  /** Finds the tick rate by comparing this JVM's start time with the JDK's. */
  static StartTimes calibrate(Procfs procfs) {
    ProcessHandle self = ProcessHandle.current();
    Optional<Instant> expected = self.info().startInstant();
    OptionalLong boot = procfs.bootTimeSeconds();
    OptionalLong ticks = procfs.startTicks(self.pid());
    if (expected.isPresent() && boot.isPresent() && ticks.isPresent()) {
      for (long rate : USUAL_TICK_RATES) {
        long millis = boot.getAsLong() * 1000 + ticks.getAsLong() * 1000 / rate;
        if (millis == expected.get().toEpochMilli()) {
          return new StartTimes(procfs, boot.getAsLong() * 1000, rate);
        }
      }
    }
    log.debug("start times from /proc do not match the JDK's; asking the JDK for each process");
    return new StartTimes(procfs, 0, 0);
  }

  /** The start time of {@code pid}; empty when the process is gone. */
  Optional<Instant> of(long pid) {
    if (ticksPerSecond == 0) {
      return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
    }
    OptionalLong ticks = procfs.startTicks(pid);
    if (ticks.isEmpty()) {
      return Optional.empty();
    }
    long millis = bootMillis + ticks.getAsLong() * 1000 / ticksPerSecond;
    return Optional.of(Instant.ofEpochMilli(millis));
  }

  /** Whether lookups read {@code /proc} directly (false: through the JDK). */
  boolean readsProcDirectly() {
    return ticksPerSecond != 0;
  }
}
