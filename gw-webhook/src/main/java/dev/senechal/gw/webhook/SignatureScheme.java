package dev.senechal.gw.webhook;

/**
 * How a webhook delivery proves it came from the sender (SPEC §8). Each scheme names the header
 * it reads by default and whether it carries a timestamp (checked within 5 minutes either way).
 */
public enum SignatureScheme {
  /** {@code X-Hub-Signature-256: sha256=<hex>} over the body; {@code X-GitHub-Delivery} is the id. */
  GITHUB,
  /** {@code Stripe-Signature: t=…,v1=…} over {@code t.body}; several {@code v1} accepted. */
  STRIPE,
  /** {@code X-Slack-Signature: v0=<hex>} over {@code v0:ts:body}, ts in {@code X-Slack-Request-Timestamp}. */
  SLACK,
  /** {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64> …}. */
  STANDARD_WEBHOOKS,
  /** Hex or base64 HMAC-SHA256 of the body in the endpoint's signature header. */
  HMAC_SHA256
}
