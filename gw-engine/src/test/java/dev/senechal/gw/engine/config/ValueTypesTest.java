package dev.senechal.gw.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small value types: {@link HostPort}, {@link Secret}, {@link ConfigProblem}. */
class ValueTypesTest {

  @Test
  void hostPortParsesNamesAddressesAndIpv6() {
    assertThat(HostPort.parse("127.0.0.1:8081")).isEqualTo(new HostPort("127.0.0.1", 8081));
    assertThat(HostPort.parse("localhost:0")).isEqualTo(new HostPort("localhost", 0));
    assertThat(HostPort.parse("[::1]:65535")).isEqualTo(new HostPort("::1", 65535));
    assertThat(new HostPort("::1", 80)).hasToString("[::1]:80");
    assertThat(new HostPort("0.0.0.0", 80)).hasToString("0.0.0.0:80");
  }

  @Test
  void hostPortRefusesWhatIsNotHostAndPort() {
    for (String bad :
        List.of("8080", ":8080", "host:", "host:http", "::1:80", "h:65536", "a b:1")) {
      assertThatThrownBy(() -> HostPort.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new HostPort("h", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecretNeverShowsItsValue() {
    Secret secret = Secret.of("hunter2");

    assertThat(secret).hasToString("******");
    assertThat(secret.reveal()).isEqualTo("hunter2");
    assertThat(secret.matches("hunter2")).isTrue();
    assertThat(secret.matches("hunter3")).isFalse();
    assertThat(secret.matches(null)).isFalse();
    assertThat(secret).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("other"));
    assertThat(new ApiTokenConfig("t", secret, List.of("read")).toString())
        .doesNotContain("hunter2");
  }

  @Test
  void aProblemPrintsFileLineKeyAndMessage() {
    Path file = Path.of("config.yaml");

    assertThat(
            new ConfigProblem(file, "plugins.echo.schedule.every", 12, "'5x' is not an interval"))
        .hasToString("config.yaml:12: plugins.echo.schedule.every: '5x' is not an interval");
    assertThat(ConfigProblem.of(file, "plugins.echo", "no such plugin"))
        .hasToString("config.yaml: plugins.echo: no such plugin");
    assertThat(new ConfigProblem(file, "", 1, "the file is empty"))
        .hasToString("config.yaml:1: the file is empty");
    assertThat(ConfigProblem.of(null, "x", "built in code"))
        .hasToString("<config>: x: built in code");
  }

  @Test
  void anExceptionListsEveryProblemOnePerLine() {
    Path file = Path.of("config.yaml");
    ConfigException e =
        new ConfigException(
            List.of(
                new ConfigProblem(file, "a", 1, "first"),
                new ConfigProblem(file, "b", 2, "second")));

    assertThat(e.getMessage()).isEqualTo("config.yaml:1: a: first\nconfig.yaml:2: b: second");
    assertThat(e.problems()).hasSize(2);
    assertThatThrownBy(() -> new ConfigException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
