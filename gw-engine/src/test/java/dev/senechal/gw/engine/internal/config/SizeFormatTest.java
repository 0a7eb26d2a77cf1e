package dev.senechal.gw.engine.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizeFormatTest {

  @ParameterizedTest
  @CsvSource({
    "512B, 512",
    "64KB, 65536",
    "1MB, 1048576",
    "10MB, 10485760",
    "1GB, 1073741824",
    "1mb, 1048576",
    "'2 KB', 2048",
    "4096, 4096",
    "0, 0",
  })
  void parsesBinaryMultiples(String text, long bytes) {
    assertThat(SizeFormat.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "big", "1.5MB", "-1KB", "1TB", "1KiB", "MB", "99999999999999GB"})
  void refusesEverythingElse(String text) {
    assertThatThrownBy(() -> SizeFormat.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
