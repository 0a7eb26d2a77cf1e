package dev.senechal.gw.webhook.internal;

import dev.senechal.gw.webhook.DeliveryRejection;
import dev.senechal.gw.webhook.SignatureScheme;
import dev.senechal.gw.webhook.WebhookEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a delivery's signature against its raw body (SPEC §8) and names its delivery id. Every
 * comparison is {@link MessageDigest#isEqual} on decoded bytes, so it takes the same time wherever
 * the first differing byte is. Signatures are checked before timestamps: a stale timestamp is only
 * reported for a delivery that was genuinely signed (a replay), anything else is a mismatch.
 *
 * <p>The replay key of a delivery is taken from what the signature covers, never from how the
 * header happens to spell it: the expected MAC ({@code mac:<hex>}) for every scheme but
 * standard-webhooks, whose {@code webhook-id} is itself signed. A header rewritten into another
 * accepted encoding (hex case, base64, a {@code sha256=} prefix, extra or reordered parts) or an
 * unsigned id header changed by a replayer therefore still names the same delivery.
 */
final class WebhookSignatures {
  /** How far a signed timestamp may be from the gateway's clock, either way. */
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  /** Longer sender ids are replaced by their hash (the store keys on them). */
  static final int MAX_DELIVERY_ID = 200;

  static final String GITHUB_DELIVERY = "X-GitHub-Delivery";
  static final String SLACK_TIMESTAMP = "X-Slack-Request-Timestamp";
  static final String WEBHOOK_ID = "webhook-id";
  static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
  static final String STANDARD_SECRET_PREFIX = "whsec_";

  private WebhookSignatures() {}

  /** What the check decided. */
  sealed interface Verdict permits Accepted, Rejected {}

  /**
   * Signed and fresh; {@code deliveryId} keys replay protection, {@code originId} is the id shown
   * to plugins ({@code origin_delivery_id}): the sender's own id where it gives one, else the key.
   */
  record Accepted(String deliveryId, String originId) implements Verdict {
    Accepted(String deliveryId) {
      this(deliveryId, deliveryId);
    }
  }

  /** Refused; {@code detail} is for the log only, never for the sender. */
  record Rejected(DeliveryRejection reason, String detail) implements Verdict {}

  /**
   * Checks {@code body} as delivered to {@code endpoint}.
   *
   * @param headers a header by name (case-insensitive), or null when absent
   */
  static Verdict verify(
      WebhookEndpoint endpoint, UnaryOperator<String> headers, byte[] body, Instant now) {
    String header = endpoint.signatureHeader();
    String value = trimmed(headers.apply(header));
    if (value == null) {
      return missing(header);
    }
    return switch (endpoint.scheme()) {
      case GITHUB -> github(endpoint, headers, value, body);
      case STRIPE -> stripe(endpoint, value, body, now);
      case SLACK -> slack(endpoint, headers, value, body, now);
      case STANDARD_WEBHOOKS -> standardWebhooks(endpoint, headers, value, body, now);
      case HMAC_SHA256 -> hmacSha256(endpoint, value, body);
    };
  }

  /**
   * The header-only part of {@link #verify}: a missing or malformed signature, id or timestamp
   * header, found before a single body byte is read. Every scheme checks the form of its headers
   * before computing a MAC, so this runs {@link #verify} on an empty body and keeps only those
   * two answers; a mismatch or a timestamp verdict needs the real body and is left to it.
   */
  static Optional<Rejected> checkHeaders(
      WebhookEndpoint endpoint, UnaryOperator<String> headers, Instant now) {
    if (verify(endpoint, headers, new byte[0], now) instanceof Rejected rejected
        && (rejected.reason() == DeliveryRejection.MISSING_HEADER
            || rejected.reason() == DeliveryRejection.MALFORMED_HEADER)) {
      return Optional.of(rejected);
    }
    return Optional.empty();
  }

  private static Verdict github(
      WebhookEndpoint endpoint, UnaryOperator<String> headers, String value, byte[] body) {
    if (!value.startsWith("sha256=")) {
      return malformed(endpoint.signatureHeader() + " does not start with sha256=");
    }
    byte[] given = hex(value.substring("sha256=".length()));
    if (given == null) {
      return malformed(endpoint.signatureHeader() + " is not sha256=<64 hex digits>");
    }
    byte[] expected = hmac(endpoint.secret(), body);
    if (!MessageDigest.isEqual(given, expected)) {
      return mismatch(endpoint);
    }
    // X-GitHub-Delivery is not signed: a replayer can change it at will, so replays are keyed on
    // the MAC (GitHub's "Redeliver" sends the same body, hence the same MAC). The header is kept
    // as the delivery's second id (SPEC §8): a repeat of either is a replay.
    String id = trimmed(headers.apply(GITHUB_DELIVERY));
    String key = macId(expected);
    return new Accepted(key, id == null ? key : senderId(id));
  }

  private static Verdict stripe(WebhookEndpoint endpoint, String value, byte[] body, Instant now) {
    String timestamp = null;
    List<byte[]> candidates = new ArrayList<>();
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = part.substring(0, eq).trim();
      String item = part.substring(eq + 1).trim();
      if (key.equals("t")) {
        timestamp = item;
      } else if (key.equals("v1")) {
        byte[] decoded = hex(item);
        if (decoded != null) {
          candidates.add(decoded);
        }
      }
    }
    if (timestamp == null) {
      return malformed(endpoint.signatureHeader() + " has no t=");
    }
    Long seconds = seconds(timestamp);
    if (seconds == null) {
      return malformed(endpoint.signatureHeader() + " has a t= that is not a number of seconds");
    }
    if (candidates.isEmpty()) {
      return malformed(endpoint.signatureHeader() + " has no v1=<64 hex digits>");
    }
    byte[] expected = hmac(endpoint.secret(), concat(timestamp + ".", body));
    if (!anyEqual(candidates, expected)) {
      return mismatch(endpoint);
    }
    return fresh(seconds, now, macId(expected));
  }

  private static Verdict slack(
      WebhookEndpoint endpoint,
      UnaryOperator<String> headers,
      String value,
      byte[] body,
      Instant now) {
    String timestamp = trimmed(headers.apply(SLACK_TIMESTAMP));
    if (timestamp == null) {
      return missing(SLACK_TIMESTAMP);
    }
    Long seconds = seconds(timestamp);
    if (seconds == null) {
      return malformed(SLACK_TIMESTAMP + " is not a number of seconds");
    }
    if (!value.startsWith("v0=")) {
      return malformed(endpoint.signatureHeader() + " does not start with v0=");
    }
    byte[] given = hex(value.substring("v0=".length()));
    if (given == null) {
      return malformed(endpoint.signatureHeader() + " is not v0=<64 hex digits>");
    }
    byte[] expected = hmac(endpoint.secret(), concat("v0:" + timestamp + ":", body));
    if (!MessageDigest.isEqual(given, expected)) {
      return mismatch(endpoint);
    }
    return fresh(seconds, now, macId(expected));
  }

  private static Verdict standardWebhooks(
      WebhookEndpoint endpoint,
      UnaryOperator<String> headers,
      String value,
      byte[] body,
      Instant now) {
    String id = trimmed(headers.apply(WEBHOOK_ID));
    if (id == null) {
      return missing(WEBHOOK_ID);
    }
    String timestamp = trimmed(headers.apply(WEBHOOK_TIMESTAMP));
    if (timestamp == null) {
      return missing(WEBHOOK_TIMESTAMP);
    }
    Long seconds = seconds(timestamp);
    if (seconds == null) {
      return malformed(WEBHOOK_TIMESTAMP + " is not a number of seconds");
    }
    List<byte[]> candidates = new ArrayList<>();
    for (String signature : value.split(" ")) {
      if (signature.startsWith("v1,")) {
        byte[] decoded = base64(signature.substring("v1,".length()));
        if (decoded != null) {
          candidates.add(decoded);
        }
      }
    }
    if (candidates.isEmpty()) {
      return malformed(endpoint.signatureHeader() + " has no v1,<base64> signature");
    }
    byte[] expected =
        hmac(standardWebhooksKey(endpoint.secret()), concat(id + "." + timestamp + ".", body));
    if (!anyEqual(candidates, expected)) {
      return mismatch(endpoint);
    }
    return fresh(seconds, now, senderId(id));
  }

  private static Verdict hmacSha256(WebhookEndpoint endpoint, String value, byte[] body) {
    String signature = value.startsWith("sha256=") ? value.substring("sha256=".length()) : value;
    byte[] given = hex(signature);
    if (given == null) {
      given = base64(signature);
    }
    if (given == null || given.length != 32) {
      return malformed(
          endpoint.signatureHeader() + " is neither 64 hex digits nor the base64 of 32 bytes");
    }
    byte[] expected = hmac(endpoint.secret(), body);
    if (!MessageDigest.isEqual(given, expected)) {
      return mismatch(endpoint);
    }
    return new Accepted(macId(expected));
  }

  /**
   * The HMAC key of a standard-webhooks endpoint: a {@code whsec_} secret is the base64 of the key
   * (that spec's convention); any other secret is used as its bytes.
   */
  static byte[] standardWebhooksKey(byte[] secret) {
    String text = new String(secret, StandardCharsets.UTF_8);
    if (text.startsWith(STANDARD_SECRET_PREFIX)) {
      byte[] key = base64(text.substring(STANDARD_SECRET_PREFIX.length()));
      if (key != null && key.length > 0) {
        return key;
      }
    }
    return secret;
  }

  private static Verdict fresh(long seconds, Instant now, String deliveryId) {
    long skew = seconds - now.getEpochSecond();
    if (skew < -TOLERANCE.toSeconds()) {
      return new Rejected(
          DeliveryRejection.STALE_TIMESTAMP, "signed " + -skew + " s ago (over 300 s)");
    }
    if (skew > TOLERANCE.toSeconds()) {
      return new Rejected(
          DeliveryRejection.FUTURE_TIMESTAMP, "signed " + skew + " s in the future (over 300 s)");
    }
    return new Accepted(deliveryId);
  }

  private static Rejected missing(String header) {
    return new Rejected(DeliveryRejection.MISSING_HEADER, "no " + header + " header");
  }

  private static Rejected malformed(String detail) {
    return new Rejected(DeliveryRejection.MALFORMED_HEADER, detail);
  }

  private static Rejected mismatch(WebhookEndpoint endpoint) {
    return new Rejected(
        DeliveryRejection.SIGNATURE_MISMATCH,
        endpoint.signatureHeader() + " does not match the body (" + scheme(endpoint) + ")");
  }

  private static String scheme(WebhookEndpoint endpoint) {
    return endpoint.scheme() == SignatureScheme.STANDARD_WEBHOOKS
        ? "standard-webhooks"
        : endpoint.scheme().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A sender's id as stored; an over-long one is replaced by its hash. */
  private static String senderId(String id) {
    return id.length() <= MAX_DELIVERY_ID ? id : derivedId(id);
  }

  /**
   * The replay key of a delivery without a signed id: the MAC the gateway computed over the signed
   * bytes (for stripe and slack they include the timestamp), in lower-case hex. It does not depend
   * on how the sender or a replayer spelled the header.
   */
  static String macId(byte[] expectedMac) {
    return "mac:" + HexFormat.of().formatHex(expectedMac);
  }

  /** An over-long sender id as {@code sha256:<hex>} of it. */
  static String derivedId(String signatureValue) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(signatureValue.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static boolean anyEqual(List<byte[]> candidates, byte[] expected) {
    boolean matched = false;
    for (byte[] candidate : candidates) {
      matched |= MessageDigest.isEqual(candidate, expected);
    }
    return matched;
  }

  private static byte[] concat(String prefix, byte[] body) {
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  private static String trimmed(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** 64 hex digits (either case) as 32 bytes, else null. */
  private static byte[] hex(String text) {
    if (text.length() != 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Standard or URL-safe base64, padded or not, else null. */
  private static byte[] base64(String text) {
    try {
      return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(text)
          : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A Unix time in seconds, else null. */
  private static Long seconds(String text) {
    if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Long.parseLong(text);
  }
}
