package dev.senechal.gw.engine;

/** The gateway could not start, reload or stop; the message says what and where. */
public class GatewayException extends RuntimeException {
  public GatewayException(String message) {
    super(message);
  }

  public GatewayException(String message, Throwable cause) {
    super(message, cause);
  }
}
