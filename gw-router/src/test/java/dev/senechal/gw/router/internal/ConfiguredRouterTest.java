package dev.senechal.gw.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.protocol.EmittedEvent;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.router.EventRejectedException;
import dev.senechal.gw.router.Route;
import dev.senechal.gw.router.RouteTable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredRouterTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final ProtocolCodec codec = new ProtocolCodec();

  private ConfiguredRouter router(Route... routes) {
    RouteTable table =
        new RouteTable() {
          @Override
          public List<Route> routes() {
            return List.of(routes);
          }

          @Override
          public int maxAttempts(String plugin) {
            return plugin.equals("notifier") ? 7 : 4;
          }
        };
    return new ConfiguredRouter(table, codec, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Job parent(String plugin, String context) {
    return new Job("parent-1", plugin, "poll", "{}", JobStatus.RUNNING, 1, 4, SubmittedBy.SCHEDULER,
        null, NOW, NOW, null, null, null, null, null, context, null, null);
  }

  @Test
  void fansAnEventOutToEveryMatchingRouteWithTheEnvelopeAndLinks() {
    ConfiguredRouter router =
        router(
            new Route("withings", "new_weight", "analyzer", "handle"),
            new Route("withings", "new_weight", "notifier", "handle"),
            new Route("withings", "other", "nobody", "handle"),
            new Route("elsewhere", "new_weight", "nobody", "handle"));

    List<NewJob> children =
        router.route(
            parent("withings", "{\"origin_source\":\"schedule\"}"),
            List.of(new EmittedEvent("new_weight", "{\"kg\":71.3}", "w-9", "evt-1", null)));

    assertThat(children).extracting(NewJob::plugin).containsExactly("analyzer", "notifier");
    assertThat(children).extracting(NewJob::maxAttempts).containsExactly(4, 7);
    for (NewJob child : children) {
      assertThat(child.command()).isEqualTo("handle");
      assertThat(child.submittedBy()).isEqualTo(SubmittedBy.ROUTE);
      assertThat(child.parentJobId()).isEqualTo("parent-1");
      assertThat(child.sourceEventId()).isEqualTo("evt-1");
      assertThat(child.context()).isEqualTo("{\"origin_source\":\"schedule\"}");
      PluginEvent envelope = codec.decodeEvent(child.payload());
      assertThat(envelope.type()).isEqualTo("new_weight");
      assertThat(envelope.eventId()).isEqualTo("evt-1");
      assertThat(envelope.source()).isEqualTo("withings");
      assertThat(envelope.timestamp()).isEqualTo(NOW);
      assertThat(envelope.payload()).contains("71.3");
    }
    assertThat(children).extracting(NewJob::dedupeKey)
        .as("dedupe is per target: one event to two plugins is two keys")
        .containsExactly("w-9|analyzer:handle", "w-9|notifier:handle");
  }

  @Test
  void anEventWithoutIdGetsOneAndAnUnroutedEventIsDropped() {
    ConfiguredRouter router = router(new Route("p", "seen", "q", "handle"));

    List<NewJob> children =
        router.route(parent("p", null),
            List.of(EmittedEvent.of("seen", "{}"), EmittedEvent.of("unheard", "{}")));

    assertThat(children).hasSize(1);
    assertThat(children.get(0).sourceEventId()).matches("[0-9a-f-]{36}");
  }

  @Test
  void aChildsContextIsTheParentsWithTheEventsAdditions() {
    ConfiguredRouter router = router(new Route("p", "seen", "q", "handle"));

    NewJob child =
        router.route(
                parent("p", "{\"origin_source\":\"webhook\",\"channel\":\"#a\"}"),
                List.of(new EmittedEvent("seen", "{}", null, "e", "{\"channel\":\"#b\","
                    + "\"origin_thread\":\"t-1\",\"transcript_id\":42}")))
            .get(0);

    assertThat(codec.entries(child.context()))
        .containsEntry("origin_source", "\"webhook\"")
        .containsEntry("channel", "\"#b\"")
        .containsEntry("origin_thread", "\"t-1\"")
        .containsEntry("transcript_id", "42");
  }

  @Test
  void anOriginKeyCannotBeChangedButRepeatingItsValueIsFine() {
    ConfiguredRouter router = router(new Route("p", "seen", "q", "handle"));
    Job parent = parent("p", "{\"origin_source\":\"webhook\"}");

    assertThat(router.route(parent,
        List.of(new EmittedEvent("seen", "{}", null, "e", "{\"origin_source\":\"webhook\"}"))))
        .hasSize(1);
    assertThatThrownBy(
            () ->
                router.route(parent,
                    List.of(EmittedEvent.of("seen", "{}"),
                        new EmittedEvent("seen", "{}", null, "e2",
                            "{\"origin_source\":\"forged\"}"))))
        .isInstanceOf(EventRejectedException.class)
        .hasMessage("event 1 (type 'seen'): context key 'origin_source' cannot be changed once set"
            + " (origin_ keys are fixed; it is \"webhook\")")
        .satisfies(e -> assertThat(((EventRejectedException) e).index()).isEqualTo(1));
  }

  @Test
  void oversizePayloadsAndContextsAreRejectedEvenWithoutARoute() {
    ConfiguredRouter router = router();
    String big = "{\"blob\":\"" + "x".repeat(1024 * 1024) + "\"}";

    assertThatThrownBy(() -> router.route(parent("p", null), List.of(EmittedEvent.of("a", big))))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageStartingWith("event 0 (type 'a'): payload is 1048587 bytes, over the cap of"
            + " 1048576 bytes");

    String wide = "{\"notes\":\"" + "é".repeat(33 * 1024) + "\"}";
    assertThatThrownBy(
            () ->
                router.route(parent("p", "{\"origin_source\":\"cli\"}"),
                    List.of(new EmittedEvent("b", "{}", null, null, wide))))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("event 0 (type 'b'): context would be")
        .hasMessageContaining("over the cap of 65536 bytes");
  }
}
