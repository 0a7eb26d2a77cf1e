package dev.senechal.gw.protocol.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.protocol.EmittedEvent;
import dev.senechal.gw.protocol.PluginResponse;
import dev.senechal.gw.protocol.ProtocolCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class PluginMainTest {
  private static final String REQUEST =
      "{\"protocol\":2,\"job_id\":\"j-1\",\"command\":\"poll\",\"config\":{\"name\":\"Ada\"},"
          + "\"state\":{\"runs\":1},\"context\":{\"ductile_plugin\":\"hello\"},"
          + "\"deadline_at\":\"2026-02-08T10:00:00Z\"}";

  private final ProtocolCodec codec = new ProtocolCodec();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String request, PluginHandler handler) {
    return PluginMain.run(handler, new ByteArrayInputStream(request.getBytes(UTF_8)), out,
        new PrintStream(err, true, UTF_8));
  }

  private PluginResponse response() {
    return codec.decodeResponse(out.toByteArray());
  }

  @Test
  void theHandlersResponseGoesToStdoutAsOneLineAndExitsZero() {
    int exit =
        run(REQUEST, request -> ResponseBuilder.ok()
            .event(new EmittedEvent("greeted", "{\"n\":1}", "k-1", "e-1", null))
            .stateUpdates("{\"runs\":2}")
            .log("info", "hello " + request.command())
            .result("config " + request.config())
            .build());

    assertThat(exit).isZero();
    assertThat(out.toString(UTF_8)).endsWith("}\n").doesNotContain("}\n{");
    PluginResponse response = response();
    assertThat(response.isOk()).isTrue();
    assertThat(response.events()).containsExactly(
        new EmittedEvent("greeted", "{\"n\":1}", "k-1", "e-1", null));
    assertThat(response.stateUpdates()).isEqualTo("{\"runs\":2}");
    assertThat(response.logs()).extracting(l -> l.message()).containsExactly("hello poll");
    assertThat(response.result()).isEqualTo("config {\"name\":\"Ada\"}");
    assertThat(err.toString(UTF_8)).isEmpty();
  }

  @Test
  void anErrorResponseTheHandlerReturnsIsWrittenAsIsWithExitZero() {
    assertThat(run(REQUEST, r -> ResponseBuilder.error("quota used up", false).build())).isZero();
    assertThat(response().error()).isEqualTo("quota used up");
    assertThat(response().retry()).isFalse();
  }

  @Test
  void anUnsupportedProtocolExits78WithNothingOnStdout() {
    int exit = run(REQUEST.replace("\"protocol\":2", "\"protocol\":99"),
        r -> { throw new AssertionError("the handler must not run"); });

    assertThat(exit).isEqualTo(78);
    assertThat(out.size()).isZero();
    assertThat(err.toString(UTF_8)).contains("protocol 99 is not supported");
  }

  @Test
  void aTemporaryFailureExits75WithARetryableErrorResponse() {
    int exit = run(REQUEST, r -> {
      throw PluginFailureException.temporary("upstream said 503", new IOException("503"));
    });

    assertThat(exit).isEqualTo(75);
    assertThat(response().error()).isEqualTo("upstream said 503");
    assertThat(response().retry()).isTrue();
    assertThat(err.toString(UTF_8)).contains("TEMPORARY: upstream said 503")
        .contains("java.io.IOException: 503");
  }

  @Test
  void aConfigurationFailureExits78WithAPermanentErrorResponse() {
    int exit = run(REQUEST, r -> {
      throw PluginFailureException.configuration("config key 'name' is missing");
    });

    assertThat(exit).isEqualTo(78);
    assertThat(response().error()).isEqualTo("config key 'name' is missing");
    assertThat(response().retry()).isFalse();
  }

  @Test
  void anyOtherExceptionExits1WithItsStackTraceOnStderr() {
    int exit = run(REQUEST, r -> {
      throw new IllegalStateException("bug");
    });

    assertThat(exit).isEqualTo(1);
    assertThat(response().error()).isEqualTo("java.lang.IllegalStateException: bug");
    assertThat(response().retry()).isTrue();
    assertThat(err.toString(UTF_8)).contains("poll failed").contains("at dev.senechal");
  }

  @Test
  void aNullResponseIsAFailureNotSilence() {
    assertThat(run(REQUEST, r -> null)).isEqualTo(1);
    assertThat(response().isOk()).isFalse();
    assertThat(err.toString(UTF_8)).contains("returned no response for poll");
  }

  @Test
  void aRequestThatIsNotAnEnvelopeExits1AndNeverReachesTheHandler() {
    for (String bad : new String[] {"", "not json", "{\"protocol\":2}"}) {
      out.reset();
      err.reset();
      assertThat(run(bad, r -> { throw new AssertionError("must not run"); }))
          .as(bad).isEqualTo(1);
      assertThat(out.size()).isZero();
      assertThat(err.toString(UTF_8)).contains("not a valid envelope");
    }
  }

  @Test
  void replaceStateSetsStateReplace() {
    PluginResponse response = ResponseBuilder.ok().replaceState("{\"a\":1}").build();
    assertThat(response.stateReplace()).isTrue();
    assertThat(response.stateUpdates()).isEqualTo("{\"a\":1}");
  }
}
