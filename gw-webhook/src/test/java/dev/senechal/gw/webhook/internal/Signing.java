package dev.senechal.gw.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test deliveries the way senders do (the vectors in WebhookSignaturesTest pin the scheme). */
final class Signing {
  private Signing() {}

  static byte[] hmac(byte[] key, String message) {
    return hmac(key, message.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String hex(String secret, String message) {
    return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), message));
  }

  static String base64(byte[] key, String message) {
    return Base64.getEncoder().encodeToString(hmac(key, message));
  }
}
