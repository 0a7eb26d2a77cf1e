package dev.senechal.gw.webhook;

import java.util.Locale;

/**
 * Why a webhook delivery was refused (SPEC §8). The sender sees only the status code; the reason
 * is logged at WARN and counted ({@link HttpServer#rejectedDeliveries()}).
 */
public enum DeliveryRejection {
  /** The body (declared or read) is over the endpoint's {@code max_body_size}: 413. */
  BODY_TOO_LARGE(413),
  /**
   * The body arrived too slowly: under the listener's minimum data rate, or not whole within the
   * body deadline: 408.
   */
  BODY_TIMEOUT(408),
  /** The signature header, or a header the scheme needs (id, timestamp), is absent: 403. */
  MISSING_HEADER(403),
  /** A header is present but not in the scheme's format (prefix, hex, base64, number): 403. */
  MALFORMED_HEADER(403),
  /** No signature in the header matches the body under the endpoint's secret: 403. */
  SIGNATURE_MISMATCH(403),
  /** A correctly signed timestamp more than 5 minutes in the past: 403. */
  STALE_TIMESTAMP(403),
  /** A correctly signed timestamp more than 5 minutes in the future: 403. */
  FUTURE_TIMESTAMP(403);

  private final int status;

  DeliveryRejection(int status) {
    this.status = status;
  }

  /** The HTTP status the sender gets. */
  public int status() {
    return status;
  }

  /** The lower-case name used in logs and counts ({@code signature_mismatch}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
