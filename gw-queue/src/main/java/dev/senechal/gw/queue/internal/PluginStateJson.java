package dev.senechal.gw.queue.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * Plugin state as JSON: validation and the shallow merge of {@code state_updates} (SPEC §6).
 * Numbers keep their exact text (big decimals), and key order is kept.
 */
final class PluginStateJson {
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /**
   * The state after applying {@code updates} to {@code current}: top-level keys of {@code updates}
   * replace those of {@code current}, or {@code updates} replaces it whole when {@code replace}.
   *
   * @return the new state as compact UTF-8 JSON
   * @throws IllegalArgumentException {@code updates} is not a JSON object
   */
  byte[] apply(String current, String updates, boolean replace, String what) {
    ObjectNode changes = parseObject(updates, what);
    ObjectNode result = replace ? changes : parseObject(current, "the stored state");
    if (!replace) {
      result.setAll(changes);
    }
    return write(result);
  }

  /** Checks that {@code json} is one JSON object and returns it as compact UTF-8 JSON. */
  byte[] normalize(String json, String what) {
    return write(parseObject(json, what));
  }

  private ObjectNode parseObject(String json, String what) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node instanceof ObjectNode object) {
      return object;
    }
    throw new IllegalArgumentException(
        what + " must be a JSON object, not " + (node == null ? "nothing" : node.getNodeType()));
  }

  private byte[] write(ObjectNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
