package dev.senechal.gw.engine.config;

import java.util.Locale;
import java.util.Optional;

/** {@code webhooks.endpoints[].scheme}: how a delivery's signature is checked (SPEC §8). */
public enum WebhookScheme {
  GITHUB("github", "X-Hub-Signature-256"),
  STRIPE("stripe", "Stripe-Signature"),
  SLACK("slack", "X-Slack-Signature"),
  STANDARD_WEBHOOKS("standard-webhooks", "webhook-signature"),
  /** Hex or base64 HMAC-SHA256 of the body in a header the endpoint must name. */
  HMAC_SHA256("hmac-sha256", null);

  private final String wireName;
  private final String defaultSignatureHeader;

  WebhookScheme(String wireName, String defaultSignatureHeader) {
    this.wireName = wireName;
    this.defaultSignatureHeader = defaultSignatureHeader;
  }

  /** The spelling used in the YAML file. */
  public String wireName() {
    return wireName;
  }

  /** The header the scheme's sender uses; empty for {@code hmac-sha256}, which has none. */
  public Optional<String> defaultSignatureHeader() {
    return Optional.ofNullable(defaultSignatureHeader);
  }

  /** The constant spelt {@code text} in the YAML file (ignoring case), if any. */
  public static Optional<WebhookScheme> fromWireName(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (WebhookScheme value : values()) {
      if (value.wireName.equals(wanted)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
