package dev.senechal.gw.router.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.EmittedEvent;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.router.EventRejectedException;
import dev.senechal.gw.router.Route;
import dev.senechal.gw.router.RouteTable;
import dev.senechal.gw.router.Router;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact-match fan-out over the routes in force. Each downstream job's payload is the event
 * envelope the {@code handle} command receives ({@code type}, {@code payload}, {@code event_id},
 * {@code source}, {@code timestamp}); a plugin-supplied {@code event_id} is kept, so a retried
 * parent that re-emits the same event maps to the same child and the queue skips the duplicate.
 */
public final class ConfiguredRouter implements Router {
  private static final Logger log = LoggerFactory.getLogger(ConfiguredRouter.class);

  private final RouteTable routes;
  private final ProtocolCodec codec;
  private final Clock clock;

  @Inject
  public ConfiguredRouter(RouteTable routes, ProtocolCodec codec, Clock clock) {
    this.routes = requireNonNull(routes, "routes is null");
    this.codec = requireNonNull(codec, "codec is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public List<NewJob> route(Job parent, List<EmittedEvent> events) {
    List<Route> table = routes.routes();
    List<NewJob> children = new ArrayList<>();
    for (int index = 0; index < events.size(); index++) {
      EmittedEvent event = events.get(index);
      String context = checkedContext(parent, event, index);
      String eventId = event.eventId() != null ? event.eventId() : UUID.randomUUID().toString();
      String envelope = null;
      boolean matched = false;
      for (Route route : table) {
        if (!route.from().equals(parent.plugin()) || !route.eventType().equals(event.type())) {
          continue;
        }
        matched = true;
        if (envelope == null) {
          envelope = envelope(parent, event, eventId);
        }
        NewJob child =
            NewJob.of(route.to(), route.command(), envelope, SubmittedBy.ROUTE)
                .withMaxAttempts(routes.maxAttempts(route.to()))
                .withParent(parent.id(), eventId)
                .withContext(context);
        if (event.dedupeKey() != null) {
          child = child.withDedupeKey(event.dedupeKey() + "|" + route.to() + ":" + route.command());
        }
        children.add(child);
      }
      if (!matched) {
        log.debug("no route for event {} of {} (job {})", event.type(), parent.plugin(), parent.id());
      }
    }
    return children;
  }

  /**
   * The child's context after the event's rules are checked: payload size, then the parent's
   * context with the event's additions, whose {@code origin_} keys may be added but never changed,
   * and whose size is capped.
   */
  private String checkedContext(Job parent, EmittedEvent event, int index) {
    if (event.payload() != null) {
      long bytes = utf8Length(event.payload());
      if (bytes > MAX_PAYLOAD_BYTES) {
        throw new EventRejectedException(index, event.type(),
            "payload is " + bytes + " bytes, over the cap of " + MAX_PAYLOAD_BYTES + " bytes");
      }
    }
    if (event.context() == null) {
      return parent.context();
    }
    Map<String, String> inherited = codec.entries(parent.context());
    for (Map.Entry<String, String> added : codec.entries(event.context()).entrySet()) {
      String key = added.getKey();
      if (key.startsWith("origin_") && inherited.containsKey(key)
          && !inherited.get(key).equals(added.getValue())) {
        throw new EventRejectedException(index, event.type(),
            "context key '" + key + "' cannot be changed once set (origin_ keys are fixed; it is "
                + inherited.get(key) + ")");
      }
    }
    String merged = codec.overlay(parent.context(), event.context());
    long bytes = utf8Length(merged);
    if (bytes > MAX_CONTEXT_BYTES) {
      throw new EventRejectedException(index, event.type(),
          "context would be " + bytes + " bytes, over the cap of " + MAX_CONTEXT_BYTES + " bytes");
    }
    return merged;
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private String envelope(Job parent, EmittedEvent event, String eventId) {
    String payload = event.payload() != null ? event.payload() : "{}";
    return codec.encodeEvent(
        new PluginEvent(
            event.type(), payload, eventId, parent.plugin(), clock.instant(), event.dedupeKey()));
  }
}
