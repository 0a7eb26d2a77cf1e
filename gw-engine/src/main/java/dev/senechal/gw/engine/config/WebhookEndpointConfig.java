package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code webhooks.endpoints} (SPEC §8).
 *
 * @param path where deliveries are posted; starts with {@code /}
 * @param plugin the plugin that receives the delivery as a job
 * @param command default {@code handle}
 * @param secret the shared signing secret; never empty
 * @param signatureHeader the header holding the signature; defaults per scheme, required for {@code
 *     hmac-sha256}
 * @param scheme how the signature is checked
 * @param maxBodySize bytes read at most; default 1 MB (1,048,576)
 */
public record WebhookEndpointConfig(
    String path,
    String plugin,
    String command,
    Secret secret,
    String signatureHeader,
    WebhookScheme scheme,
    long maxBodySize) {

  public static final String DEFAULT_COMMAND = "handle";
  public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

  /**
   * The largest {@code max_body_size}: 1 MB, the payload limit of a job (SPEC §7); a bigger body
   * could never become a job.
   */
  public static final long MAX_MAX_BODY_SIZE = 1024 * 1024;

  public WebhookEndpointConfig {
    requireNonNull(path, "path is null");
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    requireNonNull(secret, "secret is null");
    requireNonNull(signatureHeader, "signatureHeader is null");
    requireNonNull(scheme, "scheme is null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path '" + path + "' does not start with /");
    }
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the secret of " + path + " is empty");
    }
    if (signatureHeader.isBlank()) {
      throw new IllegalArgumentException("signatureHeader is blank");
    }
    RangeChecks.requireAtLeast(maxBodySize, 1, "maxBodySize");
  }
}
