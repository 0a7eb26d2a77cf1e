package dev.senechal.gw.plugins.hello;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.protocol.PluginRequest;
import dev.senechal.gw.protocol.PluginResponse;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.plugin.PluginFailureException;
import dev.senechal.gw.protocol.plugin.PluginMain;
import dev.senechal.gw.protocol.plugin.ResponseBuilder;
import java.io.IOException;

/**
 * The java-hello plugin: {@code poll} emits one {@code greeted} event for config {@code name}
 * (default "world") and counts greetings in state; {@code health} checks the config.
 * {@link PluginMain} does the protocol: request in, response out, exit codes.
 */
public final class HelloPlugin {
  private static final ObjectMapper JSON = ProtocolCodec.newMapper();

  private HelloPlugin() {}

  public static void main(String[] args) {
    System.exit(PluginMain.run(HelloPlugin::handle));
  }

  static PluginResponse handle(PluginRequest request) throws IOException {
    String name = name(JSON.readTree(request.config()));
    return switch (request.command()) {
      case "poll" -> poll(request, name);
      case "health" -> ResponseBuilder.ok().result("ready to greet " + name).build();
      default -> throw PluginFailureException.configuration(
          "unknown command " + request.command() + " (java-hello knows poll and health)");
    };
  }

  private static PluginResponse poll(PluginRequest request, String name) throws IOException {
    long greetings = JSON.readTree(request.state()).path("greetings").asLong(0) + 1;
    String greeting = "Hello, " + name + "!";
    ObjectNode payload = JSON.createObjectNode().put("greeting", greeting).put("name", name);
    ObjectNode state = JSON.createObjectNode().put("greetings", greetings);
    return ResponseBuilder.ok()
        .event("greeted", JSON.writeValueAsString(payload))
        .stateUpdates(JSON.writeValueAsString(state))
        .log("info", greeting)
        .result(greeting + " (greeting " + greetings + ")")
        .build();
  }

  private static String name(JsonNode config) {
    JsonNode name = config.get("name");
    if (name == null || name.isNull()) {
      return "world";
    }
    if (!name.isTextual() || name.asText().isBlank()) {
      throw PluginFailureException.configuration(
          "config key 'name' must be a non-empty string, got " + name);
    }
    return name.asText();
  }
}
