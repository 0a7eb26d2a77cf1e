package dev.senechal.gw.webhook;

/** The HTTP settings in force; the engine answers from its current config snapshot. */
@FunctionalInterface
public interface HttpSettingsSource {
  HttpSettings httpSettings();
}
