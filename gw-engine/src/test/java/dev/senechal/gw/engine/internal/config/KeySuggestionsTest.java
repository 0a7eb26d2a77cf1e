package dev.senechal.gw.engine.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {
  private static final List<String> SERVICE =
      List.of(
          "name",
          "tick_interval",
          "log_level",
          "log_format",
          "dedupe_ttl",
          "job_log_retention",
          "shutdown_grace");

  @Test
  void suggestsTheKeyWithinTwoEdits() {
    assertThat(KeySuggestions.closest("tick_intervall", SERVICE)).contains("tick_interval");
    assertThat(KeySuggestions.closest("tick_intrval", SERVICE)).contains("tick_interval");
    assertThat(KeySuggestions.closest("dedup_tll", SERVICE)).contains("dedupe_ttl");
  }

  @Test
  void treatsCaseHyphensAndCamelCaseAlike() {
    assertThat(KeySuggestions.closest("tick-interval", SERVICE)).contains("tick_interval");
    assertThat(KeySuggestions.closest("tickInterval", SERVICE)).contains("tick_interval");
    assertThat(KeySuggestions.closest("LOG_LEVEL", SERVICE)).contains("log_level");
  }

  @Test
  void aSwapOfNeighboursIsOneEdit() {
    assertThat(KeySuggestions.closest("naem", SERVICE)).contains("name");
  }

  @Test
  void shortKeysAllowOnlyOneEdit() {
    assertThat(KeySuggestions.closest("nm", SERVICE)).isEmpty();
    assertThat(KeySuggestions.closest("nam", SERVICE)).contains("name");
  }

  @Test
  void fallsBackToTheLongestPrefix() {
    assertThat(KeySuggestions.closest("warning", List.of("debug", "info", "warn", "error")))
        .contains("warn");
    assertThat(KeySuggestions.closest("plugins_directory", List.of("plugins", "plugins_dir")))
        .contains("plugins_dir");
  }

  @Test
  void suggestsNothingForAnUnrelatedKey() {
    assertThat(KeySuggestions.closest("colour", SERVICE)).isEmpty();
    assertThat(KeySuggestions.closest("x", List.of())).isEmpty();
  }

  @Test
  void distanceCountsEdits() {
    assertThat(KeySuggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(KeySuggestions.distance("abcd", "abdc")).isEqualTo(1);
    assertThat(KeySuggestions.distance("", "abc")).isEqualTo(3);
  }
}
