package dev.senechal.gw.dispatch;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.InvocationOutcome;
import dev.senechal.gw.protocol.PluginEnvironment;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.ProcessObserver;
import dev.senechal.gw.protocol.ProcessResult;
import dev.senechal.gw.protocol.ProcessSpec;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ResponseClassifier;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs one command of a loaded plugin, exactly as the dispatcher does: the request envelope of the
 * plugin's protocol, the minimal environment, the command's timeout, the caps and the
 * process-group kill, then the classification of what came back. The dispatcher uses it for every
 * job; {@code senechal-gw plugin health} uses it to ask a plugin directly, outside the queue.
 */
public final class PluginInvoker {
  private final PluginProcessRunner runner;
  private final ProtocolCodec codec;
  private final ResponseClassifier classifier;
  private final DispatchSettings settings;
  private final Clock clock;

  @Inject
  public PluginInvoker(
      PluginProcessRunner runner,
      ProtocolCodec codec,
      ResponseClassifier classifier,
      DispatchSettings settings,
      Clock clock) {
    this.runner = requireNonNull(runner, "runner is null");
    this.codec = requireNonNull(codec, "codec is null");
    this.classifier = requireNonNull(classifier, "classifier is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * What one command is asked with.
   *
   * @param payload the job's payload (JSON object) for any command but {@code handle}
   * @param event for {@code handle}: the event, else {@code null}
   * @param state the plugin's state (JSON object)
   * @param context the job's context (JSON object or {@code null}); protocol 2 only
   */
  public record Call(
      String jobId, String command, String payload, PluginEvent event, String state,
      String context) {
    public Call {
      requireNonNull(jobId, "jobId is null");
      requireNonNull(command, "command is null");
      requireNonNull(state, "state is null");
    }
  }

  /** How the command ended: the raw process result and its classification. */
  public record Invocation(ProcessResult result, InvocationOutcome outcome) {}

  /**
   * Runs {@code call} against {@code plugin} and blocks until its process group is gone.
   *
   * @param observer told the process identity right after the spawn (the dispatcher records it)
   */
  public Invocation invoke(LoadedPlugin plugin, Call call, ProcessObserver observer) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(call, "call is null");
    requireNonNull(observer, "observer is null");
    Duration timeout = plugin.settings().timeoutFor(call.command());
    Instant deadline = clock.instant().plus(timeout);
    byte[] request =
        codec.encodeRequest(
            codec.requestFor(
                plugin.manifest(),
                call.jobId(),
                call.command(),
                plugin.settings().config(),
                call.state(),
                call.payload(),
                call.event(),
                call.context(),
                deadline));
    ProcessResult result = runner.run(spec(plugin, request, timeout), observer);
    return new Invocation(result, classifier.classify(result));
  }

  /**
   * Starts {@code plugin}'s process ahead of its next {@link #invoke} (see {@link
   * PluginProcessRunner#prepare}); the dispatcher does it for the job it will claim next while it
   * settles the current one.
   */
  public void prepare(LoadedPlugin plugin, String command) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    runner.prepare(spec(plugin, new byte[0], plugin.settings().timeoutFor(command)));
  }

  private ProcessSpec spec(LoadedPlugin plugin, byte[] request, Duration timeout) {
    return ProcessSpec.of(
            List.of(plugin.entrypoint().toString()),
            plugin.directory(),
            PluginEnvironment.build(
                settings.daemonEnvironment(),
                plugin.settings().inheritEnv(),
                plugin.settings().env()),
            request,
            timeout)
        .withKillGrace(settings.killGrace());
  }
}
