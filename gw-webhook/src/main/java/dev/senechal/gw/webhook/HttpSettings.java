package dev.senechal.gw.webhook;

import java.util.List;
import java.util.Optional;

/**
 * What the HTTP side serves (SPEC §8). A listener is absent when its config section is; when both
 * addresses are equal one listener serves webhooks and the API. Listen addresses are read once at
 * start; endpoints and tokens are read per request, so a reload changes them at once.
 */
public record HttpSettings(
    ListenAddress webhooksListen,
    List<WebhookEndpoint> endpoints,
    ListenAddress apiListen,
    List<ApiToken> tokens) {

  public static final HttpSettings NONE = new HttpSettings(null, List.of(), null, List.of());

  public HttpSettings {
    endpoints = List.copyOf(endpoints);
    tokens = List.copyOf(tokens);
  }

  public Optional<ListenAddress> webhooks() {
    return Optional.ofNullable(webhooksListen);
  }

  public Optional<ListenAddress> api() {
    return Optional.ofNullable(apiListen);
  }

  public Optional<WebhookEndpoint> endpoint(String path) {
    return endpoints.stream().filter(e -> e.path().equals(path)).findFirst();
  }
}
