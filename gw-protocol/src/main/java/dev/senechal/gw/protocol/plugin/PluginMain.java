package dev.senechal.gw.protocol.plugin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.protocol.ExitCodes;
import dev.senechal.gw.protocol.PluginRequest;
import dev.senechal.gw.protocol.PluginResponse;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ProtocolViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code main} of a Java plugin (SPEC §6): reads one request from stdin, calls the handler,
 * writes its response as one line of JSON to stdout and returns the exit code for {@code
 * System.exit}:
 *
 * <table>
 *   <caption>Outcomes</caption>
 *   <tr><th>outcome</th><th>stdout</th><th>exit</th></tr>
 *   <tr><td>the handler returns a response ({@code ok} or {@code error})</td>
 *       <td>that response</td><td>0</td></tr>
 *   <tr><td>{@link PluginFailureException#temporary}</td>
 *       <td>{@code error}, {@code retry: true}</td><td>75 (EX_TEMPFAIL)</td></tr>
 *   <tr><td>{@link PluginFailureException#configuration}</td>
 *       <td>{@code error}, {@code retry: false}</td><td>78 (EX_CONFIG)</td></tr>
 *   <tr><td>a request of a protocol other than 1 or 2</td><td>nothing</td><td>78</td></tr>
 *   <tr><td>a request that is not a valid envelope; any other exception; a {@code null}
 *       response</td><td>{@code error}, {@code retry: true} (nothing for a bad request)</td>
 *       <td>1</td></tr>
 * </table>
 *
 * <p>Diagnostics (and stack traces) go to stderr, which the daemon stores in the job log; stdout
 * carries nothing but the response.
 */
public final class PluginMain {
  /** Exit code for a failure the plugin did not classify: retryable, like any non-zero exit. */
  public static final int UNEXPECTED = 1;

  private PluginMain() {}

  /** Runs {@code handler} on this process's stdin, stdout and stderr; returns the exit code. */
  public static int run(PluginHandler handler) {
    return run(handler, System.in, System.out, System.err);
  }

  /** Runs {@code handler} on the given streams; returns the exit code. Never closes the streams. */
  public static int run(PluginHandler handler, InputStream in, OutputStream out, PrintStream err) {
    requireNonNull(handler, "handler is null");
    ProtocolCodec codec = new ProtocolCodec();
    byte[] input;
    try {
      input = in.readAllBytes();
    } catch (IOException e) {
      err.println("plugin: cannot read the request from stdin: " + e);
      return UNEXPECTED;
    }
    Integer protocol = protocolOf(input);
    if (protocol != null && protocol != 1 && protocol != 2) {
      err.println("plugin: protocol " + protocol + " is not supported (only 1 and 2)");
      return ExitCodes.CONFIG;
    }
    PluginRequest request;
    try {
      request = codec.decodeRequest(input);
    } catch (ProtocolViolationException e) {
      err.println("plugin: the request is not a valid envelope: " + e.getMessage());
      return UNEXPECTED;
    }
    PluginResponse response;
    int exit;
    try {
      response = handler.handle(request);
      exit = ExitCodes.OK;
      if (response == null) {
        err.println("plugin: the handler returned no response for " + request.command());
        response = PluginResponse.error("the plugin returned no response", true);
        exit = UNEXPECTED;
      }
    } catch (PluginFailureException e) {
      err.println("plugin: " + e.kind() + ": " + e.getMessage());
      if (e.getCause() != null) {
        e.getCause().printStackTrace(err);
      }
      response = PluginResponse.error(e.getMessage(), e.kind().retry());
      exit = e.kind().exitCode();
    } catch (Exception e) {
      err.println("plugin: " + request.command() + " failed:");
      e.printStackTrace(err);
      response = PluginResponse.error(e.toString(), true);
      exit = UNEXPECTED;
    }
    try {
      out.write(codec.encodeResponse(response));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      err.println("plugin: cannot write the response to stdout: " + e);
      return UNEXPECTED;
    }
    return exit;
  }

  /** The request's {@code protocol} when it is an integer, else {@code null} (the codec says why). */
  private static Integer protocolOf(byte[] input) {
    try {
      JsonNode protocol =
          ProtocolCodec.newMapper().readTree(new String(input, StandardCharsets.UTF_8))
              .get("protocol");
      return protocol != null && protocol.isInt() ? protocol.intValue() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
