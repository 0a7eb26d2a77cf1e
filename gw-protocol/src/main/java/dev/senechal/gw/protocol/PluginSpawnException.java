package dev.senechal.gw.protocol;

/** A plugin process could not be started at all (the launcher itself failed to run). */
public class PluginSpawnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PluginSpawnException(String message, Throwable cause) {
    super(message, cause);
  }
}
