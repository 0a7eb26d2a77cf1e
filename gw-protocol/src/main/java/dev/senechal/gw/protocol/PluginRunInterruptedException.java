package dev.senechal.gw.protocol;

/**
 * The thread running a plugin was interrupted. The runner killed the plugin's process group
 * (SIGKILL, no grace: the caller asked to stop) and restored the thread's interrupt flag.
 */
public class PluginRunInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PluginRunInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
