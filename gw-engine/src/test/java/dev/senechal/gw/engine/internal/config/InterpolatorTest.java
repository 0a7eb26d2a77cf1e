package dev.senechal.gw.engine.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolatorTest {
  private final Interpolator interpolator =
      new Interpolator(Map.of("HOST", "pi", "EMPTY", "", "SECRET", "hunter2"));

  @Test
  void textWithoutReferencesIsUnchanged() {
    Interpolator.Result result = interpolator.expand("plain $HOME text", false);

    assertThat(result)
        .isEqualTo(new Interpolator.Result("plain $HOME text", false, java.util.List.of()));
  }

  @Test
  void replacesEveryReference() {
    Interpolator.Result result = interpolator.expand("${HOST}:${PORT:-8080}/${EMPTY}", false);

    assertThat(result.value()).isEqualTo("pi:8080/");
    assertThat(result.substituted()).isTrue();
    assertThat(result.errors()).isEmpty();
  }

  @Test
  void theDefaultMayBeEmptyOrHoldColonsAndDashes() {
    assertThat(interpolator.expand("${NOPE:-}", false).value()).isEmpty();
    assertThat(interpolator.expand("${NOPE:-a:-b}", false).value()).isEqualTo("a:-b");
    assertThat(interpolator.expand("${EMPTY:-fallback}", false).value()).isEqualTo("fallback");
  }

  @Test
  void dollarDollarBraceIsALiteral() {
    Interpolator.Result result = interpolator.expand("$${HOST} is ${HOST}", false);

    assertThat(result.value()).isEqualTo("${HOST} is pi");
  }

  @Test
  void reportsEveryUnsetVariable() {
    Interpolator.Result result = interpolator.expand("${A}-${HOST}-${B}", false);

    assertThat(result.errors())
        .containsExactly(
            "environment variable A is not set (set it, or give a default: ${A:-default})",
            "environment variable B is not set (set it, or give a default: ${B:-default})");
    assertThat(result.value()).isEqualTo("${A}-${HOST}-${B}");
  }

  @Test
  void errorsAboutASecretDoNotQuoteIt() {
    Interpolator.Result result = interpolator.expand("hunter2${bad name}", true);

    assertThat(result.errors()).singleElement().asString().doesNotContain("bad name", "hunter2");
  }

  @Test
  void neverPrintsAVariablesValue() {
    Interpolator.Result result = interpolator.expand("${SECRET}${MISSING}", true);

    assertThat(result.errors()).singleElement().asString().doesNotContain("hunter2");
  }
}
