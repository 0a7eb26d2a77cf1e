package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.queue.PluginInitRecord;
import dev.senechal.gw.queue.StateTooLargeException;
import dev.senechal.gw.queue.StoreConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Stored init outcomes (SPEC §6): what init ran with survives a reopen of the file, so a restart
 * with the same config does not run it again; and init's state_updates merge like a job's.
 */
class PluginInitStoreTest extends StoreTestSupport {

  @Test
  void aPluginThatNeverRanInitHasNoRecord() {
    assertThat(store.pluginInit(PLUGIN)).isEmpty();
    assertThat(store.pluginInits()).isEmpty();
  }

  @Test
  void theFingerprintAndOutcomeSurviveReopeningTheFile() {
    store.recordPluginInit(PluginInitRecord.succeeded(PLUGIN, "sha-1", clock.instant()));
    clock.advance(Duration.ofMinutes(1));
    PluginInitRecord failed =
        PluginInitRecord.failed("aaa", "sha-2", clock.instant(), "exit status 3");
    store.recordPluginInit(failed);
    store.close();
    store = SqliteStore.open(config(), clock);

    assertThat(store.pluginInit(PLUGIN))
        .contains(new PluginInitRecord(PLUGIN, "sha-1", START, true, null));
    assertThat(store.pluginInit("aaa")).contains(failed);
    assertThat(store.pluginInits())
        .extracting(PluginInitRecord::plugin)
        .containsExactly("aaa", PLUGIN);
  }

  @Test
  void aNewerInitReplacesTheRecordOfThePlugin() {
    store.recordPluginInit(PluginInitRecord.failed(PLUGIN, "old", clock.instant(), "timed out"));
    clock.advance(Duration.ofSeconds(5));
    store.recordPluginInit(PluginInitRecord.succeeded(PLUGIN, "new", clock.instant()));

    assertThat(store.pluginInits())
        .containsExactly(PluginInitRecord.succeeded(PLUGIN, "new", START.plusSeconds(5)));
  }

  @Test
  void stateUpdatesMergeShallowlyOrReplace() {
    store.replace(PLUGIN, "{\"a\":1,\"b\":{\"x\":1}}");

    store.merge(PLUGIN, "{\"b\":{\"y\":2},\"c\":3}", false);
    assertThat(store.get(PLUGIN)).isEqualTo("{\"a\":1,\"b\":{\"y\":2},\"c\":3}");

    store.merge(PLUGIN, "{\"only\":true}", true);
    assertThat(store.get(PLUGIN)).isEqualTo("{\"only\":true}");
  }

  @Test
  void aMergeOverTheStateCapChangesNothing() {
    store.close();
    StoreConfig small =
        new StoreConfig(
            databasePath(),
            config().synchronous(),
            config().busyTimeout(),
            config().dedupeTtl(),
            32);
    store = SqliteStore.open(small, clock);
    store.replace(PLUGIN, "{\"a\":1}");

    assertThatThrownBy(() -> store.merge(PLUGIN, "{\"big\":\"" + "x".repeat(64) + "\"}", false))
        .isInstanceOf(StateTooLargeException.class);
    assertThat(store.get(PLUGIN)).isEqualTo("{\"a\":1}");
  }
}
