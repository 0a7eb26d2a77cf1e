package dev.senechal.gw.engine.internal;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The parts of an engine that do not come from the config file. */
public record EngineSettings(
    Clock clock,
    RandomGenerator random,
    ZoneId zone,
    Map<String, String> environment,
    Duration killGrace,
    Duration idlePoll) {
  public EngineSettings {
    requireNonNull(clock, "clock is null");
    requireNonNull(random, "random is null");
    requireNonNull(zone, "zone is null");
    environment = Map.copyOf(environment);
    requireNonNull(killGrace, "killGrace is null");
    requireNonNull(idlePoll, "idlePoll is null");
  }
}
