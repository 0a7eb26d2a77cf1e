package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.InvocationOutcome.Failed;
import dev.senechal.gw.protocol.InvocationOutcome.Succeeded;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Judges a finished plugin process (SPEC §6). The first rule that applies decides:
 *
 * <ol>
 *   <li>{@link ProcessResult#timedOut() timed out}: {@link FailureKind#TIMEOUT}, retryable, "timed
 *       out after 60s (SIGTERM, then SIGKILL after 5s grace)" or "timed out after 60s (SIGTERM;
 *       exited during the 5s grace)". Whatever it printed is ignored, even a complete response
 *       written during the grace (see {@link ProcessResult#timedOut()} for the edge rule).
 *   <li>exit 78: {@link FailureKind#PERMANENT}, not retryable, "exit 78 (EX_CONFIG): permanent
 *       failure". Permanent wins over the cap below: retrying cannot help.
 *   <li>stdout over its cap: {@link FailureKind#STDOUT_CAP}, retryable, "stdout exceeded the 10 MB
 *       cap (wrote 209715200 bytes)".
 *   <li>ended by a signal: {@link FailureKind#SIGNAL}, retryable, "killed by signal 9 (SIGKILL)".
 *   <li>exit 75: {@link FailureKind#EXIT_CODE}, retryable, "exit 75 (EX_TEMPFAIL)"; any other
 *       non-zero exit: "exit 3".
 *   <li>exit 0 with stdout that is empty, not JSON or breaks the schema: {@link
 *       FailureKind#PROTOCOL}, retryable, the violated rule with an excerpt of the output.
 *   <li>exit 0 with {@code status: error}: {@link FailureKind#PLUGIN_ERROR} with the plugin's
 *       {@code error}, retryable unless the response says {@code retry: false}.
 *   <li>exit 0 with {@code status: ok}: {@link Succeeded}.
 * </ol>
 *
 * <p>When a process that failed by exit status or signal also printed a valid response, its {@code
 * error} text is appended to the message ("exit 3: upstream returned 502"), the response is kept in
 * {@link Failed#response()}, and an error response with {@code retry: false} makes the failure
 * permanent, as SPEC §6 says of {@code retry: false}.
 *
 * <p>stderr over its cap is not a failure: the plugin did its work and answered, and retrying would
 * only repeat side effects. stderr is kept truncated at its cap and {@link
 * ProcessResult#stderrCapped()} tells the caller to mark the truncation.
 */
public final class ResponseClassifier {
  private static final String[] SIGNALS = {
    null,
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS"
  };

  private final ProtocolCodec codec;

  @Inject
  public ResponseClassifier() {
    this(new ProtocolCodec());
  }

  public ResponseClassifier(ProtocolCodec codec) {
    this.codec = requireNonNull(codec, "codec is null");
  }

  /** Classifies {@code result}; see the class comment for the rules. */
  public InvocationOutcome classify(ProcessResult result) {
    requireNonNull(result, "result is null");
    ProcessLimits limits = result.limits();
    if (result.timedOut()) {
      String grace = duration(limits.killGrace());
      String how =
          result.killedAfterGrace()
              ? "SIGTERM, then SIGKILL after " + grace + " grace"
              : "SIGTERM; exited during the " + grace + " grace";
      return new Failed(
          FailureKind.TIMEOUT,
          "timed out after " + duration(limits.timeout()) + " (" + how + ")",
          true,
          null);
    }
    Integer exit = result.exitCode();
    boolean exitedZero = exit != null && exit == ExitCodes.OK;
    PluginResponse response =
        result.stdoutCapped() || exitedZero ? null : responseOrNull(result.stdout());
    if (exit != null && exit == ExitCodes.CONFIG) {
      return new Failed(
          FailureKind.PERMANENT,
          "exit 78 (EX_CONFIG): permanent failure" + errorOf(response),
          false,
          response);
    }
    if (result.stdoutCapped()) {
      return new Failed(
          FailureKind.STDOUT_CAP,
          "stdout exceeded the "
              + size(limits.stdoutCap())
              + " cap (wrote "
              + result.stdoutBytes()
              + " bytes)",
          true,
          null);
    }
    if (result.signal() != null) {
      return new Failed(
          FailureKind.SIGNAL,
          "killed by signal " + result.signal() + signalName(result.signal()) + errorOf(response),
          retryable(response),
          response);
    }
    if (exit == null) {
      return new Failed(FailureKind.SIGNAL, "did not end even after SIGKILL", true, response);
    }
    if (!exitedZero) {
      String status = exit == ExitCodes.TEMPFAIL ? "exit 75 (EX_TEMPFAIL)" : "exit " + exit;
      return new Failed(
          FailureKind.EXIT_CODE, status + errorOf(response), retryable(response), response);
    }
    PluginResponse ok;
    try {
      ok = codec.decodeResponse(result.stdout());
    } catch (ProtocolViolationException e) {
      return new Failed(FailureKind.PROTOCOL, e.getMessage(), true, null);
    }
    if (!ok.isOk()) {
      String error =
          ok.error() == null || ok.error().isBlank()
              ? "plugin reported an error without a message"
              : ok.error();
      return new Failed(FailureKind.PLUGIN_ERROR, error, ok.retry(), ok);
    }
    return new Succeeded(ok);
  }

  private PluginResponse responseOrNull(byte[] stdout) {
    try {
      return codec.decodeResponse(stdout);
    } catch (ProtocolViolationException e) {
      return null;
    }
  }

  private static boolean retryable(PluginResponse response) {
    return response == null || response.isOk() || response.retry();
  }

  private static String errorOf(PluginResponse response) {
    return response == null || response.error() == null || response.error().isBlank()
        ? ""
        : ": " + response.error();
  }

  private static String signalName(int signal) {
    return signal > 0 && signal < SIGNALS.length ? " (" + SIGNALS[signal] + ")" : "";
  }

  /** {@code 60s}, {@code 1500ms}. */
  static String duration(Duration duration) {
    return duration.toNanosPart() == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }

  /** {@code 10 MB}, {@code 64 KB}, {@code 1000 bytes}. */
  static String size(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KB";
    }
    return bytes + " bytes";
  }
}
