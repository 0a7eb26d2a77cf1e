package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The request written to a plugin's stdin (SPEC §6). JSON values are JSON text.
 *
 * @param protocol the plugin's protocol, 1 or 2; decides which fields go on the wire
 * @param jobId the job id
 * @param command the command to run
 * @param config the plugin's config, a JSON object
 * @param state the plugin's stored state, a JSON object
 * @param payload the job's payload (JSON) for non-{@code handle} jobs, or {@code null}; sent in
 *     protocol 2 only
 * @param event the event a {@code handle} job processes, or {@code null}
 * @param context the job's context (a JSON object), or {@code null}; sent in protocol 2 only, where
 *     it is always present ({@code {}} when {@code null}). The caller adds {@code ductile_plugin}.
 * @param deadlineAt when the runner starts killing the plugin
 */
public record PluginRequest(
    int protocol,
    String jobId,
    String command,
    String config,
    String state,
    String payload,
    PluginEvent event,
    String context,
    Instant deadlineAt) {

  public PluginRequest {
    if (protocol != 1 && protocol != 2) {
      throw new IllegalArgumentException(
          "protocol " + protocol + " is not supported; expected 1 or 2");
    }
    requireNonNull(jobId, "jobId is null");
    requireNonNull(command, "command is null");
    requireNonNull(config, "config is null");
    requireNonNull(state, "state is null");
    requireNonNull(deadlineAt, "deadlineAt is null");
  }
}
