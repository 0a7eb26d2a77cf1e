package dev.senechal.gw.scheduler;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import java.time.Clock;
import java.time.ZoneId;
import java.util.random.RandomGenerator;

/**
 * Binds {@link NextRunCalculator} and {@link Scheduler}. The engine binds what they need: {@link
 * Clock}, {@link ZoneId} (of windows and months), {@link RandomGenerator}, {@code JobQueue}, {@code
 * ScheduleStore}, {@link PollGate} and {@link ScheduleSource}; and it starts and closes the
 * scheduler.
 */
public final class SchedulerModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(NextRunCalculator.class).in(Scopes.SINGLETON);
    bind(Scheduler.class).in(Scopes.SINGLETON);
  }
}
