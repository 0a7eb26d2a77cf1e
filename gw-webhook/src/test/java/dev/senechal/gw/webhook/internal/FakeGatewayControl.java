package dev.senechal.gw.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.webhook.GatewayControl;
import dev.senechal.gw.webhook.Health;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The engine's side as the webhook routes see it: plugins it refuses, attempt budgets. */
final class FakeGatewayControl implements GatewayControl {
  private final JobQueue queue;
  final Map<String, String> refused = new ConcurrentHashMap<>();
  volatile int maxAttempts = 3;

  FakeGatewayControl(JobQueue queue) {
    this.queue = queue;
  }

  @Override
  public Health health() {
    return new Health("ok", 0, queue.depth(), 1, 0);
  }

  @Override
  public Optional<String> refuse(String plugin, String command) {
    return Optional.ofNullable(refused.get(plugin));
  }

  @Override
  public int maxAttempts(String plugin) {
    return maxAttempts;
  }

  @Override
  public JsonNode plugins() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ControlResult reload() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ControlResult reset(String plugin, String command) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Job> await(String jobId) {
    throw new UnsupportedOperationException();
  }
}
