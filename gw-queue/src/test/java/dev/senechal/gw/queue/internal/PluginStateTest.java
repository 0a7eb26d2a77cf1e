package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.StateTooLargeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One JSON object per plugin: shallow merge, replace, and the 1 MB cap (SPEC §6). */
class PluginStateTest extends StoreTestSupport {
  private static final int CAP = 1024 * 1024;

  private Job settleWithState(String updates, boolean replace) {
    enqueue(poll(PLUGIN));
    return store.settle(
        Settlement.succeeded(claim(), updates, replace, AttemptLog.EMPTY, List.of()));
  }

  /** {@code {"k":"xxx…"}} of exactly {@code bytes} bytes. */
  private static String stateOfSize(int bytes) {
    return "{\"k\":\"" + "x".repeat(bytes - 8) + "\"}";
  }

  @Test
  void aPluginWithoutStateHasAnEmptyObject() {
    assertThat(store.get("never-ran")).isEqualTo("{}");
  }

  @Test
  void stateUpdatesReplaceTopLevelKeysOnly() {
    store.replace(PLUGIN, "{\"a\":1,\"b\":{\"x\":1,\"y\":2},\"c\":[1]}");

    settleWithState("{\"b\":{\"z\":3},\"d\":null}", false);

    assertThat(store.get(PLUGIN)).isEqualTo("{\"a\":1,\"b\":{\"z\":3},\"c\":[1],\"d\":null}");
    assertThat(store.get("other")).isEqualTo("{}");
  }

  @Test
  void stateReplaceReplacesTheWholeObject() {
    store.replace(PLUGIN, "{\"a\":1,\"b\":2}");

    settleWithState("{\"c\":3}", true);

    assertThat(store.get(PLUGIN)).isEqualTo("{\"c\":3}");
  }

  @Test
  void noStateUpdatesLeaveTheStateAlone() {
    store.replace(PLUGIN, "{\"a\":1}");

    settleWithState(null, false);

    assertThat(store.get(PLUGIN)).isEqualTo("{\"a\":1}");
  }

  @Test
  void numbersKeepTheirExactValue() {
    settleWithState("{\"price\":1.10,\"big\":123456789012345678901234567890,\"f\":1e400}", false);

    assertThat(store.get(PLUGIN))
        .isEqualTo("{\"price\":1.10,\"big\":123456789012345678901234567890,\"f\":1E+400}");
  }

  @Test
  void replaceAcceptsOnlyOneJsonObject() {
    for (String notAnObject : List.of("[1]", "\"text\"", "not json", "{} {}", "")) {
      assertThatThrownBy(() -> store.replace(PLUGIN, notAnObject))
          .as(notAnObject)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("the new state of plugin " + PLUGIN);
    }
    assertThat(store.get(PLUGIN)).isEqualTo("{}");
  }

  @Test
  void aStateOfExactlyTheCapIsKeptAndOneByteMoreIsRefused() {
    store.replace(PLUGIN, stateOfSize(CAP));
    assertThat(store.get(PLUGIN)).hasSize(CAP);

    assertThatThrownBy(() -> store.replace(PLUGIN, stateOfSize(CAP + 1)))
        .isInstanceOfSatisfying(
            StateTooLargeException.class,
            e -> {
              assertThat(e.bytes()).isEqualTo(CAP + 1);
              assertThat(e.cap()).isEqualTo(CAP);
            });
    assertThat(store.get(PLUGIN)).hasSize(CAP);
  }

  @Test
  void theCapAppliesToTheMergedState() {
    store.replace(PLUGIN, "{\"old\":\"" + "y".repeat(CAP / 2) + "\"}");

    assertThatThrownBy(() -> settleWithState("{\"new\":\"" + "z".repeat(CAP / 2) + "\"}", false))
        .isInstanceOf(StateTooLargeException.class);
    assertThat(store.get(PLUGIN)).startsWith("{\"old\":");

    settleWithState("{\"new\":\"" + "z".repeat(CAP / 2) + "\"}", true);
    assertThat(store.get(PLUGIN)).startsWith("{\"new\":");
  }

  @Test
  void multiByteCharactersCountAsTheirUtf8Bytes() {
    // 3 bytes per character in UTF-8: a third of the cap in characters is already the cap.
    String euros = "€".repeat(CAP / 3);

    assertThatThrownBy(() -> store.replace(PLUGIN, "{\"k\":\"" + euros + "\"}"))
        .isInstanceOf(StateTooLargeException.class);
  }
}
