package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The {@code api} section (SPEC §8).
 *
 * @param listen where the API listens; may equal {@code webhooks.listen}
 * @param tokens in file order; may be empty (then only {@code /healthz} answers)
 */
public record ApiConfig(HostPort listen, List<ApiTokenConfig> tokens) {
  public ApiConfig {
    requireNonNull(listen, "listen is null");
    tokens = List.copyOf(tokens);
  }
}
