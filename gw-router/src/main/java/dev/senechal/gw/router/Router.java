package dev.senechal.gw.router;

import dev.senechal.gw.protocol.EmittedEvent;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.router.internal.ConfiguredRouter;
import java.time.Clock;
import java.util.List;

/**
 * Turns the events a job emitted into the downstream jobs its settle enqueues (SPEC §7). Pure: it
 * writes nothing; the dispatcher hands the jobs to the queue inside the parent's settle.
 */
public interface Router {

  /** The largest event payload, as UTF-8 JSON (SPEC §7). */
  long MAX_PAYLOAD_BYTES = 1024 * 1024;

  /** The largest context of a job, as UTF-8 JSON (SPEC §7). */
  long MAX_CONTEXT_BYTES = 64 * 1024;

  /**
   * Fans each event out to every route whose {@code from} is the parent's plugin and whose {@code
   * event_type} equals the event's type. An event nobody listens to is logged at DEBUG and dropped.
   * Each child's context is the parent's with the event's {@code context} additions set over it.
   *
   * @throws EventRejectedException for the first event that breaks a rule, checked for every event
   *     whether or not a route takes it: payload over {@link #MAX_PAYLOAD_BYTES}, resulting context
   *     over {@link #MAX_CONTEXT_BYTES}, or an {@code origin_} key of the parent's context changed
   */
  List<NewJob> route(Job parent, List<EmittedEvent> events);

  /** The router over {@code routes}, for tools and tests that wire without the injector. */
  static Router configured(RouteTable routes, ProtocolCodec codec, Clock clock) {
    return new ConfiguredRouter(routes, codec, clock);
  }
}
