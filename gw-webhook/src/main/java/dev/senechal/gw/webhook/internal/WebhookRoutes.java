package dev.senechal.gw.webhook.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.webhook.GatewayControl;
import dev.senechal.gw.webhook.HttpSettingsSource;
import io.javalin.Javalin;
import java.time.Clock;

/** The webhook endpoints of SPEC §8 on a listener. */
final class WebhookRoutes {
  private final HttpSettingsSource settings;
  private final JobQueue queue;
  private final GatewayControl control;
  private final Clock clock;
  private final ObjectMapper json;

  WebhookRoutes(
      HttpSettingsSource settings,
      JobQueue queue,
      GatewayControl control,
      Clock clock,
      ObjectMapper json) {
    this.settings = settings;
    this.queue = queue;
    this.control = control;
    this.clock = clock;
    this.json = json;
  }

  void register(Javalin app) {
    // TODO(issue 4): endpoints, signatures, replay protection.
  }
}
