package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The {@code webhooks} section (SPEC §8).
 *
 * @param listen where the webhook server listens; required when the section is present
 * @param endpoints in file order, each path once
 */
public record WebhooksConfig(HostPort listen, List<WebhookEndpointConfig> endpoints) {
  public WebhooksConfig {
    requireNonNull(listen, "listen is null");
    endpoints = List.copyOf(endpoints);
  }
}
