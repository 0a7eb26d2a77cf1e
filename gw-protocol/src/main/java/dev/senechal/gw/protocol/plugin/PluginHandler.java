package dev.senechal.gw.protocol.plugin;

import dev.senechal.gw.protocol.PluginRequest;
import dev.senechal.gw.protocol.PluginResponse;

/** A plugin's logic: one request in, one response out. */
@FunctionalInterface
public interface PluginHandler {
  /**
   * Answers one request. Return an {@code ok} response, or an {@code error} response with {@code
   * retry} set as fits; throw {@link PluginFailureException} for a temporary (exit 75) or
   * configuration (exit 78) failure. Any other exception becomes exit 1, a retryable failure.
   */
  PluginResponse handle(PluginRequest request) throws Exception;
}
