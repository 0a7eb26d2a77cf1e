package dev.senechal.gw.webhook;

import com.google.inject.AbstractModule;
import dev.senechal.gw.webhook.internal.JavalinHttpServer;
import jakarta.inject.Singleton;

/**
 * The HTTP side of the gateway (SPEC §8): webhook endpoints with signature checks, {@code
 * /healthz} and the API, on Javalin. Needs a {@link HttpSettingsSource}, the {@code JobQueue} and
 * a {@code Clock} bound by the assembly.
 */
public final class WebhookModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(HttpServer.class).to(JavalinHttpServer.class).in(Singleton.class);
  }
}
