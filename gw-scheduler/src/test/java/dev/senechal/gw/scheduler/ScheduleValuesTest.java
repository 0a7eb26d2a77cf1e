package dev.senechal.gw.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleValuesTest {
  private static final ScheduleSpec SIX_HOURS = ScheduleSpec.of(Every.parse("6h"));

  @Test
  void jitterMustBeSmallerThanTheInterval() {
    assertThat(
            new ScheduleSpec(Every.parse("6h"), Duration.ofHours(6).minusMillis(1), null).jitter())
        .isEqualTo(Duration.ofHours(6).minusMillis(1));
    assertThat(new ScheduleSpec(Every.parse("monthly"), Duration.ofDays(29), null).jitter())
        .isEqualTo(Duration.ofDays(29));
    assertThatThrownBy(() -> new ScheduleSpec(Every.parse("6h"), Duration.ofHours(6), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smaller than the interval '6h'");
    assertThatThrownBy(() -> new ScheduleSpec(Every.parse("6h"), Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> new ScheduleSpec(null, Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("every is null");
  }

  @Test
  void aPluginsDefaultScheduleIsOnePollWithAnEmptyPayload() {
    ScheduledPlugin plugin = ScheduledPlugin.poll("withings", SIX_HOURS);
    assertThat(plugin.scheduleName()).isEqualTo("default");
    assertThat(plugin.command()).isEqualTo("poll");
    assertThat(plugin.payload()).isEqualTo("{}");
    assertThat(plugin.maxAttempts()).isEqualTo(4);
    assertThat(plugin.maxOutstandingPolls()).isEqualTo(1);
  }

  @Test
  void scheduledPluginRejectsWhatCannotBeEnqueued() {
    assertThatThrownBy(() -> new ScheduledPlugin(" ", "default", "poll", SIX_HOURS, "{}", 4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plugin is blank");
    assertThatThrownBy(() -> new ScheduledPlugin("w", "default", "poll", SIX_HOURS, "{}", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts of w");
    assertThatThrownBy(() -> new ScheduledPlugin("w", "default", "poll", SIX_HOURS, "{}", 4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_outstanding_polls of w");
    assertThatThrownBy(() -> new ScheduledPlugin("w", "default", "poll", null, "{}", 4, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spec is null");
  }

  @Test
  void settingsMustBePositiveAndDefaultToTheSpec() {
    assertThat(SchedulerSettings.DEFAULTS.tickInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(SchedulerSettings.DEFAULTS.jobLogRetention()).isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> new SchedulerSettings(Duration.ZERO, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tick_interval");
    assertThatThrownBy(() -> new SchedulerSettings(Duration.ofSeconds(1), Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job_log_retention");
  }

  @Test
  void fixedSourceKeepsACopy() {
    List<ScheduledPlugin> plugins = new ArrayList<>(List.of(ScheduledPlugin.poll("a", SIX_HOURS)));
    ScheduleSource source = ScheduleSource.of(plugins, SchedulerSettings.DEFAULTS);
    plugins.clear();
    assertThat(source.current()).extracting(ScheduledPlugin::plugin).containsExactly("a");
    assertThat(source.settings()).isEqualTo(SchedulerSettings.DEFAULTS);
  }

  @Test
  void theOpenGateAllowsEverything() {
    assertThat(PollGate.OPEN.allowsPoll("any", "poll")).isTrue();
  }
}
