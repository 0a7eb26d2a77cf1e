package dev.senechal.gw.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.protocol.InvocationOutcome.Failed;
import dev.senechal.gw.protocol.InvocationOutcome.Succeeded;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The classification rules on synthetic results (the runner tests cover real processes). */
class ResponseClassifierTest {
  private static final String OK = "{\"status\":\"ok\",\"result\":\"fine\"}";
  private static final String ERROR = "{\"status\":\"error\",\"error\":\"upstream 502\"}";
  private static final String ERROR_NO_RETRY =
      "{\"status\":\"error\",\"error\":\"token revoked\",\"retry\":false}";

  private final ResponseClassifier classifier = new ResponseClassifier();

  @Test
  void exitZeroWithOkSucceeds() {
    InvocationOutcome outcome = classifier.classify(exited(0, OK));

    assertThat(outcome).isInstanceOf(Succeeded.class);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(((Succeeded) outcome).response().result()).isEqualTo("fine");
  }

  @Test
  void statusErrorIsAPluginErrorRetryableUnlessRetryFalse() {
    assertThat(classifier.classify(exited(0, ERROR)))
        .isEqualTo(
            new Failed(
                FailureKind.PLUGIN_ERROR,
                "upstream 502",
                true,
                PluginResponse.error("upstream 502", true)));
    Failed permanent = (Failed) classifier.classify(exited(0, ERROR_NO_RETRY));
    assertThat(permanent.kind()).isEqualTo(FailureKind.PLUGIN_ERROR);
    assertThat(permanent.retryable()).isFalse();
    assertThat(((Failed) classifier.classify(exited(0, "{\"status\":\"error\"}"))).error())
        .isEqualTo("plugin reported an error without a message");
  }

  @Test
  void exitCodes() {
    assertThat(classifier.classify(exited(75, "")))
        .isEqualTo(new Failed(FailureKind.EXIT_CODE, "exit 75 (EX_TEMPFAIL)", true, null));
    assertThat(classifier.classify(exited(78, "")))
        .isEqualTo(
            new Failed(
                FailureKind.PERMANENT, "exit 78 (EX_CONFIG): permanent failure", false, null));
    assertThat(classifier.classify(exited(1, "garbage")))
        .isEqualTo(new Failed(FailureKind.EXIT_CODE, "exit 1", true, null));
  }

  @Test
  void aNonZeroExitKeepsTheResponseItPrinted() {
    Failed failed = (Failed) classifier.classify(exited(3, ERROR));
    assertThat(failed.error()).isEqualTo("exit 3: upstream 502");
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.response()).isEqualTo(PluginResponse.error("upstream 502", true));

    Failed config = (Failed) classifier.classify(exited(78, ERROR));
    assertThat(config.error()).isEqualTo("exit 78 (EX_CONFIG): permanent failure: upstream 502");

    Failed noRetry = (Failed) classifier.classify(exited(75, ERROR_NO_RETRY));
    assertThat(noRetry.error()).isEqualTo("exit 75 (EX_TEMPFAIL): token revoked");
    assertThat(noRetry.retryable()).isFalse();

    Failed okButExit = (Failed) classifier.classify(exited(2, OK));
    assertThat(okButExit.error()).isEqualTo("exit 2");
    assertThat(okButExit.response().isOk()).isTrue();
  }

  @Test
  void signals() {
    assertThat(classifier.classify(signalled(9)))
        .isEqualTo(new Failed(FailureKind.SIGNAL, "killed by signal 9 (SIGKILL)", true, null));
    assertThat(((Failed) classifier.classify(signalled(11))).error())
        .isEqualTo("killed by signal 11 (SIGSEGV)");
    assertThat(((Failed) classifier.classify(signalled(40))).error())
        .isEqualTo("killed by signal 40");
  }

  @Test
  void exitZeroWithoutAValidResponseIsAProtocolViolation() {
    assertThat(classifier.classify(exited(0, "")))
        .isEqualTo(
            new Failed(
                FailureKind.PROTOCOL, "stdout is empty; expected one JSON object", true, null));
    Failed notJson = (Failed) classifier.classify(exited(0, "Traceback (most recent call last)"));
    assertThat(notJson.kind()).isEqualTo(FailureKind.PROTOCOL);
    assertThat(notJson.error())
        .startsWith("stdout is not JSON: Unrecognized token 'Traceback'")
        .endsWith("(output: \"Traceback (most recent call last)\")");
    assertThat(
            ((Failed) classifier.classify(exited(0, "{\"status\":\"ok\",\"events\":{}}"))).error())
        .isEqualTo(
            "response \"events\" must be an array, got an object (output: \"{\\\"status\\\":"
                + "\\\"ok\\\",\\\"events\\\":{}}\")");
    assertThat(((Failed) classifier.classify(exited(0, "{\"status\":\"ok\",\"retry\":1}"))).kind())
        .isEqualTo(FailureKind.PROTOCOL);
  }

  @Test
  void timeoutsIgnoreWhatThePluginPrinted() {
    assertThat(classifier.classify(result(null, 9, true, true, OK, false)))
        .isEqualTo(
            new Failed(
                FailureKind.TIMEOUT,
                "timed out after 60s (SIGTERM, then SIGKILL after 5s grace)",
                true,
                null));
    assertThat(classifier.classify(result(0, null, true, false, OK, false)))
        .isEqualTo(
            new Failed(
                FailureKind.TIMEOUT,
                "timed out after 60s (SIGTERM; exited during the 5s grace)",
                true,
                null));
  }

  @Test
  void aLeaderThatExitedBeforeTheDeadlineWinsHoweverLateTheClassification() {
    // Collected and classified well after the 60 s deadline, but the leader had exited in time.
    ProcessResult late =
        new ProcessResult(
            identity(),
            0,
            null,
            false,
            false,
            OK.getBytes(UTF_8),
            OK.length(),
            false,
            new byte[0],
            0,
            false,
            Duration.ofSeconds(64),
            ProcessLimits.of(Duration.ofSeconds(60)));

    assertThat(classifier.classify(late)).isInstanceOf(Succeeded.class);
  }

  @Test
  void stdoutOverTheCapFails() {
    ProcessResult capped = result(0, null, false, false, "x".repeat(100), true);

    assertThat(classifier.classify(capped))
        .isEqualTo(
            new Failed(
                FailureKind.STDOUT_CAP,
                "stdout exceeded the 10 MB cap (wrote 209715200 bytes)",
                true,
                null));
  }

  @Test
  void stderrOverTheCapIsNotAFailure() {
    ProcessResult chatty =
        new ProcessResult(
            identity(),
            0,
            null,
            false,
            false,
            OK.getBytes(UTF_8),
            OK.length(),
            false,
            new byte[16],
            5_000_000,
            true,
            Duration.ofMillis(5),
            ProcessLimits.of(Duration.ofSeconds(60)));

    assertThat(classifier.classify(chatty)).isInstanceOf(Succeeded.class);
  }

  @Test
  void formatsDurationsAndSizes() {
    assertThat(ResponseClassifier.duration(Duration.ofSeconds(120))).isEqualTo("120s");
    assertThat(ResponseClassifier.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(ResponseClassifier.size(10L * 1024 * 1024)).isEqualTo("10 MB");
    assertThat(ResponseClassifier.size(64 * 1024)).isEqualTo("64 KB");
    assertThat(ResponseClassifier.size(1000)).isEqualTo("1000 bytes");
  }

  private static ProcessResult exited(int code, String stdout) {
    return result(code, null, false, false, stdout, false);
  }

  private static ProcessResult signalled(int signal) {
    return result(null, signal, false, false, "", false);
  }

  private static ProcessResult result(
      Integer exit,
      Integer signal,
      boolean timedOut,
      boolean killed,
      String stdout,
      boolean capped) {
    byte[] bytes = stdout.getBytes(UTF_8);
    return new ProcessResult(
        identity(),
        exit,
        signal,
        timedOut,
        killed,
        bytes,
        capped ? 200L * 1024 * 1024 : bytes.length,
        capped,
        new byte[0],
        0,
        false,
        Duration.ofMillis(20),
        ProcessLimits.of(Duration.ofSeconds(60)));
  }

  private static ProcessIdentity identity() {
    return new ProcessIdentity(4242, 4242, Instant.parse("2026-02-08T10:00:00Z"));
  }
}
