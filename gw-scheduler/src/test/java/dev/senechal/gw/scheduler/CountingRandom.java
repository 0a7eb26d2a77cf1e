package dev.senechal.gw.scheduler;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A seeded generator that counts how often it is drawn from. */
final class CountingRandom implements RandomGenerator {
  private final SplittableRandom random;
  private int draws;

  CountingRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Every bounded draw of {@link RandomGenerator} goes through here at least once. */
  @Override
  public long nextLong() {
    draws++;
    return random.nextLong();
  }

  int draws() {
    return draws;
  }
}
