package dev.senechal.gw.queue;

/**
 * What the job log keeps of one attempt, besides its status and error.
 *
 * @param exitCode the plugin's exit code, {@code null} when it never exited by itself
 * @param stderr captured stderr, already capped by the caller (SPEC §6: 64 KB and a marker)
 * @param logs the response's {@code logs} array as JSON text, or {@code null}
 * @param result the response's {@code result} summary, or {@code null}
 */
public record AttemptLog(Integer exitCode, String stderr, String logs, String result) {
  public static final AttemptLog EMPTY = new AttemptLog(null, null, null, null);
}
