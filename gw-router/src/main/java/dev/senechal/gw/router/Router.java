package dev.senechal.gw.router;

import dev.senechal.gw.protocol.EmittedEvent;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.NewJob;
import java.util.List;

/**
 * Turns the events a job emitted into the downstream jobs its settle enqueues (SPEC §7). Pure: it
 * writes nothing; the dispatcher hands the jobs to the queue inside the parent's settle.
 */
public interface Router {

  /**
   * Fans each event out to every route whose {@code from} is the parent's plugin and whose {@code
   * event_type} equals the event's type. An event nobody listens to is logged at DEBUG and dropped.
   */
  List<NewJob> route(Job parent, List<EmittedEvent> events);
}
