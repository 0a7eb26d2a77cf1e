package dev.senechal.gw.protocol;

/** Why a plugin invocation failed (SPEC §6). */
public enum FailureKind {
  /** The plugin exited with a non-zero status other than 78. Retryable. */
  EXIT_CODE,
  /** A signal ended the plugin (not the runner's deadline kill). Retryable. */
  SIGNAL,
  /** The plugin was still running at its deadline. Retryable. */
  TIMEOUT,
  /** The plugin wrote more than the stdout cap; its response is lost. Retryable. */
  STDOUT_CAP,
  /** Exit 0 but stdout is empty, not JSON, or breaks the response schema. Retryable. */
  PROTOCOL,
  /** The plugin answered {@code status: error}; retryable unless it said {@code retry: false}. */
  PLUGIN_ERROR,
  /** Exit 78 (EX_CONFIG): never retried. */
  PERMANENT
}
