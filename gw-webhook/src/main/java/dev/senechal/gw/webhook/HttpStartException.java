package dev.senechal.gw.webhook;

/** A listener could not be started; the message names the address and the cause. */
public final class HttpStartException extends RuntimeException {
  public HttpStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
