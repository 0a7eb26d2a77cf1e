package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand. */
final class MutableClock extends Clock {
  private final ZoneId zone;
  private volatile Instant instant;

  MutableClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  private MutableClock(Instant start, ZoneId zone) {
    this.instant = requireNonNull(start, "start is null");
    this.zone = requireNonNull(zone, "zone is null");
  }

  void advance(Duration duration) {
    instant = instant.plus(duration);
  }

  void set(Instant now) {
    instant = requireNonNull(now, "now is null");
  }

  @Override
  public Instant instant() {
    return instant;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(instant, newZone);
  }
}
