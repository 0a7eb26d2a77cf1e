package dev.senechal.gw.webhook;

import com.google.inject.AbstractModule;

/**
 * The HTTP side of the gateway (SPEC §8): webhook endpoints with signature checks, {@code
 * /healthz} and the API, on Javalin. This module is installed by the engine so the assembly is
 * complete; it binds nothing yet, and the engine opens no port. The endpoints arrive with the
 * "Events and HTTP" issue.
 */
public final class WebhookModule extends AbstractModule {
  @Override
  protected void configure() {
    // Intentionally empty until the HTTP issue: no listener is started.
  }
}
