package dev.senechal.gw.protocol.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/** The protocol {@link ObjectMapper} and the small text helpers its error messages need. */
public final class ProtocolJson {
  /** The longest excerpt of plugin output quoted in an error message. */
  public static final int EXCERPT_CHARS = 200;

  private ProtocolJson() {}

  /**
   * The protocol mapper (Airlift {@code BaseJacksonProvider}): unknown fields are ignored (forward
   * compatibility), floats are refused where integers are expected, trailing tokens fail, and
   * numbers keep their exact value so opaque JSON survives a round trip.
   */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }

  /**
   * Up to {@link #EXCERPT_CHARS} characters of {@code bytes} from {@code offset}, decoded as UTF-8
   * (malformed input replaced) with control characters escaped so the excerpt fits on one line; an
   * ellipsis marks a cut.
   */
  public static String excerpt(byte[] bytes, long offset) {
    int from = (int) Math.max(0, Math.min(offset, bytes.length));
    int length = Math.min(bytes.length - from, EXCERPT_CHARS * 4);
    String text = new String(bytes, from, length, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    int chars = 0;
    for (int i = 0; i < text.length() && chars < EXCERPT_CHARS; i++, chars++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (chars < text.length() || from + length < bytes.length) {
      out.append("...");
    }
    return out.toString();
  }

  /** The first characters of a JSON value's compact form, for messages. */
  public static String shortForm(JsonNode node) {
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  /** A JSON node's kind in words: "an object", "an array", "a string", ... */
  public static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
