package dev.senechal.gw.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {
  @Test
  void keepsUpToTheCapAndCountsEverything() throws IOException {
    OutputCapture capture = new OutputCapture(10);

    capture.drain(new ByteArrayInputStream("0123456789abcdefghijklmno".getBytes()));

    assertThat(capture.bytes()).asString().isEqualTo("0123456789");
    assertThat(capture.total()).isEqualTo(25);
    assertThat(capture.capped()).isTrue();
  }

  @Test
  void outputOfExactlyTheCapIsNotCapped() throws IOException {
    OutputCapture capture = new OutputCapture(4);

    capture.drain(new ByteArrayInputStream("abcd".getBytes()));

    assertThat(capture.bytes()).asString().isEqualTo("abcd");
    assertThat(capture.capped()).isFalse();
  }

  @Test
  void aZeroCapKeepsNothing() throws IOException {
    OutputCapture capture = new OutputCapture(0);

    capture.drain(new ByteArrayInputStream(new byte[200_000]));

    assertThat(capture.bytes()).isEmpty();
    assertThat(capture.total()).isEqualTo(200_000);
  }
}
