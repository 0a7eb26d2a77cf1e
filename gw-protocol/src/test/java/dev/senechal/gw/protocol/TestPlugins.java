package dev.senechal.gw.protocol;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The shared test plugins under {@code testing/plugins}, and specs that run them. */
final class TestPlugins {
  static final Path ROOT = Path.of("..", "testing", "plugins").toAbsolutePath().normalize();
  static final ProtocolCodec CODEC = new ProtocolCodec();

  private TestPlugins() {}

  static Path dir(String name) {
    return ROOT.resolve(name);
  }

  /** A spec running {@code name}'s run.sh with a minimal environment and a request. */
  static ProcessSpec spec(String name, int protocol, String payload, Duration timeout) {
    return spec(dir(name), protocol, payload, timeout);
  }

  static ProcessSpec spec(Path pluginDir, int protocol, String payload, Duration timeout) {
    byte[] request =
        CODEC.encodeRequest(
            new PluginRequest(
                protocol,
                "job-1",
                "poll",
                "{}",
                "{}",
                payload,
                null,
                protocol == 2 ? "{\"ductile_plugin\":\"test\"}" : null,
                Instant.parse("2030-01-01T00:00:00Z")));
    return ProcessSpec.of(
            List.of(pluginDir.resolve("run.sh").toString()),
            pluginDir,
            PluginEnvironment.build(System.getenv(), List.of(), Map.of()),
            request,
            timeout)
        .withKillGrace(Duration.ofSeconds(1));
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
