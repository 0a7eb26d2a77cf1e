package senechal.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senechal.gw.protocol.PluginRequest;
import dev.senechal.gw.protocol.PluginResponse;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.plugin.PluginFailureException;
import dev.senechal.gw.protocol.plugin.PluginMain;
import dev.senechal.gw.protocol.plugin.ResponseBuilder;
import java.io.IOException;

/**
 * {{name}}: a senechal-gw plugin. {@link PluginMain} reads the request from stdin, writes the
 * response to stdout and returns the exit code (0 ok; 75 for {@code
 * PluginFailureException.temporary}, 78 for {@code .configuration} and an unsupported protocol).
 */
public final class Plugin {
  private static final ObjectMapper JSON = ProtocolCodec.newMapper();

  private Plugin() {}

  public static void main(String[] args) {
    System.exit(PluginMain.run(Plugin::handle));
  }

  static PluginResponse handle(PluginRequest request) throws IOException {
    return switch (request.command()) {
      case "poll" -> {
        long polls = JSON.readTree(request.state()).path("polls").asLong(0) + 1;
        // Emit events with .event("type", payloadJson); state updates are merged into the stored
        // state, which the next request carries.
        yield ResponseBuilder.ok()
            .stateUpdates("{\"polls\":" + polls + "}")
            .result("{{name}}: poll " + polls)
            .build();
      }
      case "health" -> ResponseBuilder.ok().result("{{name}} is healthy").build();
      default -> throw PluginFailureException.configuration(
          "unknown command " + request.command());
    };
  }
}
