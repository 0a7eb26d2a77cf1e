package dev.senechal.gw.engine.internal.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Masks the values at given JSON pointers, for showing a plugin's config without its secrets. */
public final class JsonRedaction {
  private static final ObjectMapper JSON = YamlJson.JSON;

  private JsonRedaction() {}

  /**
   * {@code json} with the value at each pointer replaced by {@code mask}; pointers that lead
   * nowhere are ignored. Text that is not JSON is masked as a whole.
   */
  public static String redact(String json, List<String> pointers, String mask) {
    try {
      JsonNode root = JSON.readTree(json);
      for (String text : pointers) {
        JsonPointer pointer = JsonPointer.compile(text);
        JsonNode parent = root.at(pointer.head());
        String last = pointer.last().getMatchingProperty();
        if (parent instanceof ObjectNode object && object.has(last)) {
          object.put(last, mask);
        } else if (parent instanceof ArrayNode array) {
          int index = pointer.last().getMatchingIndex();
          if (index >= 0 && index < array.size()) {
            array.set(index, array.textNode(mask));
          }
        }
      }
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return mask; // not JSON (a config built in code): show nothing rather than risk a secret
    }
  }
}
