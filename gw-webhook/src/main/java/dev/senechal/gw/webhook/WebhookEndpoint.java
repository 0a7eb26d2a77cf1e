package dev.senechal.gw.webhook;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One webhook endpoint (SPEC §8): deliveries posted to {@code path} and signed with {@code secret}
 * become jobs of {@code plugin}'s {@code command}.
 *
 * @param signatureHeader the header holding the signature (the scheme's, or the configured one)
 * @param maxBodySize bytes read at most; a longer body is answered 413 without reading the rest
 */
public record WebhookEndpoint(
    String path,
    String plugin,
    String command,
    byte[] secret,
    SignatureScheme scheme,
    String signatureHeader,
    long maxBodySize) {

  public WebhookEndpoint {
    requireNonNull(path, "path is null");
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    requireNonNull(secret, "secret is null");
    requireNonNull(scheme, "scheme is null");
    requireNonNull(signatureHeader, "signatureHeader is null");
    if (secret.length == 0) {
      throw new IllegalArgumentException("the secret of " + path + " is empty");
    }
    if (maxBodySize < 1) {
      throw new IllegalArgumentException("maxBodySize must be at least 1, was " + maxBodySize);
    }
    secret = secret.clone();
  }

  /** An endpoint whose secret is the UTF-8 bytes of {@code secret}. */
  public static WebhookEndpoint of(
      String path,
      String plugin,
      String command,
      String secret,
      SignatureScheme scheme,
      String signatureHeader,
      long maxBodySize) {
    return new WebhookEndpoint(
        path,
        plugin,
        command,
        secret.getBytes(StandardCharsets.UTF_8),
        scheme,
        signatureHeader,
        maxBodySize);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookEndpoint e
        && path.equals(e.path)
        && plugin.equals(e.plugin)
        && command.equals(e.command)
        && Arrays.equals(secret, e.secret)
        && scheme == e.scheme
        && signatureHeader.equals(e.signatureHeader)
        && maxBodySize == e.maxBodySize;
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "WebhookEndpoint[" + path + " -> " + plugin + " " + command + ", " + scheme + "]";
  }
}
