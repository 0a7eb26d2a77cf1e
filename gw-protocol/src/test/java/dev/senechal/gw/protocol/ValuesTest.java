package dev.senechal.gw.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks in the compact constructors of the public records. */
class ValuesTest {
  @Test
  void processSpecDefaultsAndChecks() {
    byte[] stdin = {1, 2, 3};
    ProcessSpec spec =
        ProcessSpec.of(
            List.of("/p/run.sh"),
            Path.of("/p"),
            Map.of("API_KEY", "s3cret"),
            stdin,
            Duration.ofSeconds(60));
    stdin[0] = 9;

    assertThat(spec.killGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(spec.stdoutCap()).isEqualTo(10 * 1024 * 1024);
    assertThat(spec.stderrCap()).isEqualTo(1024 * 1024);
    assertThat(spec.stdin()).containsExactly(1, 2, 3);
    assertThat(spec.toString()).doesNotContain("s3cret");
    assertThat(spec.withKillGrace(Duration.ofSeconds(1)).limits())
        .isEqualTo(
            new ProcessLimits(Duration.ofSeconds(60), Duration.ofSeconds(1), 10485760, 1048576));
    assertThatThrownBy(() -> spec.withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, got PT0S");
    assertThatThrownBy(
            () -> ProcessSpec.of(List.of(), Path.of("/p"), Map.of(), stdin, Duration.ofSeconds(1)))
        .hasMessage("command is empty");
  }

  @Test
  void manifestChecks() {
    Map<String, CommandSpec> commands = new LinkedHashMap<>();
    commands.put("poll", CommandSpec.named("poll"));

    assertThatThrownBy(
            () -> new PluginManifest("x", null, 3, "run.sh", null, commands, List.of(), List.of()))
        .hasMessage("protocol 3 is not supported; expected 1 or 2");
    assertThatThrownBy(
            () -> new PluginManifest("x", null, 1, "run.sh", null, Map.of(), List.of(), List.of()))
        .hasMessage("a plugin declares at least one command");
    assertThatThrownBy(() -> new CommandSpec("poll", "delete", null))
        .hasMessage("type must be read or write, got delete");
    PluginManifest manifest =
        new PluginManifest("x", null, 1, "run.sh", null, commands, List.of(), List.of());
    commands.put("handle", CommandSpec.named("handle"));
    assertThat(manifest.commands()).containsOnlyKeys("poll");
  }

  @Test
  void envelopeChecks() {
    assertThatThrownBy(
            () -> new PluginResponse("done", null, true, List.of(), null, false, List.of(), null))
        .hasMessage("status must be ok or error, got done");
    assertThatThrownBy(
            () -> new PluginRequest(3, "j", "poll", "{}", "{}", null, null, null, Instant.EPOCH))
        .hasMessage("protocol 3 is not supported; expected 1 or 2");
    assertThatThrownBy(() -> new ProcessIdentity(0, 1, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ExitCodes.TEMPFAIL).isEqualTo(75);
    assertThat(ExitCodes.CONFIG).isEqualTo(78);
  }
}
