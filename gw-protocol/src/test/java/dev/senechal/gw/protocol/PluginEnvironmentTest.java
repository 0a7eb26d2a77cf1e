package dev.senechal.gw.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginEnvironmentTest {
  private static final Map<String, String> DAEMON =
      Map.of(
          "PATH", "/opt/bin:/usr/bin",
          "HOME", "/home/gw",
          "LANG", "C.UTF-8",
          "TZ", "Europe/Paris",
          "TMPDIR", "/var/tmp",
          "GW_API_TOKEN", "secret",
          "WITHINGS_CLIENT_SECRET", "also-secret",
          "SHELL", "/bin/bash");

  @Test
  void keepsOnlyTheBaseVariablesOfTheDaemon() {
    assertThat(PluginEnvironment.build(DAEMON, List.of(), Map.of()))
        .containsExactly(
            entry("PATH", "/opt/bin:/usr/bin"),
            entry("HOME", "/home/gw"),
            entry("LANG", "C.UTF-8"),
            entry("TZ", "Europe/Paris"),
            entry("TMPDIR", "/var/tmp"));
  }

  @Test
  void givesPathADefault() {
    assertThat(PluginEnvironment.build(Map.of("HOME", "/root"), List.of(), Map.of()))
        .containsExactly(entry("HOME", "/root"), entry("PATH", "/usr/local/bin:/usr/bin:/bin"));
  }

  @Test
  void addsInheritedVariablesAndThePluginsOwnWhichWin() {
    Map<String, String> env =
        PluginEnvironment.build(
            DAEMON,
            List.of("WITHINGS_CLIENT_SECRET", "NOT_SET"),
            Map.of("TZ", "UTC", "PLUGIN_MODE", "fast"));

    assertThat(env)
        .containsEntry("WITHINGS_CLIENT_SECRET", "also-secret")
        .containsEntry("TZ", "UTC")
        .containsEntry("PLUGIN_MODE", "fast")
        .doesNotContainKeys("NOT_SET", "GW_API_TOKEN", "SHELL");
  }
}
