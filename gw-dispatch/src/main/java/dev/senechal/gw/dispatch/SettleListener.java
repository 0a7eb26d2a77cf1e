package dev.senechal.gw.dispatch;

import dev.senechal.gw.queue.Job;

/** Told of every job the dispatcher settled, after the settle committed. */
@FunctionalInterface
public interface SettleListener {
  void settled(Job job);
}
