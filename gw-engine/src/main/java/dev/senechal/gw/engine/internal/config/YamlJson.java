package dev.senechal.gw.engine.internal.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns a free-form YAML mapping (a plugin's {@code config}, a schedule's {@code payload}) into
 * JSON object text. Plain scalars keep their YAML type (numbers, booleans, null); every other
 * scalar is interpolated and becomes a string, so {@code port: ${PORT:-8080}} is the string {@code
 * "8080"}. Problems never quote values: these maps hold secrets.
 */
public final class YamlJson {
  /** The config side's one mapper for JSON text (the config mapper proper maps onto records). */
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 64;

  private final NodeReader reader;

  public YamlJson(NodeReader reader) {
    this.reader = requireNonNull(reader, "reader is null");
  }

  /**
   * The JSON object text of {@code node} ({@code {}} when absent or empty), or {@code null} with
   * problems recorded.
   *
   * @param substitutedPointers receives the JSON pointer of every value that came from {@code ${…}}
   */
  public String objectText(String path, Node node, List<String> substitutedPointers) {
    Node real = NodeReader.unwrap(node);
    if (NodeReader.isNull(real)) {
      return "{}";
    }
    if (!(real instanceof MappingNode)) {
      reader
          .problems()
          .add(path, real, "expected a mapping, got " + NodeReader.describe(real, true));
      return null;
    }
    int before = reader.problems().count();
    JsonNode json = convert(path, path, "", real, substitutedPointers, 0);
    if (reader.problems().count() > before) {
      return null;
    }
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode convert(
      String rootPath,
      String path,
      String pointer,
      Node node,
      List<String> substituted,
      int depth) {
    Node real = NodeReader.unwrap(node);
    if (depth > MAX_DEPTH) {
      reader
          .problems()
          .add(rootPath, real, "nests deeper than " + MAX_DEPTH + " levels (a recursive alias?)");
      return NODES.nullNode();
    }
    if (real instanceof MappingNode mapping) {
      ObjectNode object = NODES.objectNode();
      Map<String, Node> keys = new HashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode keyScalar)) {
          reader.problems().add(path, keyNode, "a key must be a single value, not a collection");
          continue;
        }
        String key = keyScalar.getValue();
        String childPath = NodeReader.join(path, key);
        Node first = keys.putIfAbsent(key, keyNode);
        if (first != null) {
          reader
              .problems()
              .add(
                  childPath,
                  keyNode,
                  "duplicate key '"
                      + key
                      + "' (first at line "
                      + ProblemCollector.line(first)
                      + ", again at line "
                      + ProblemCollector.line(keyNode)
                      + "); keep one");
          continue;
        }
        object.set(
            key,
            convert(
                rootPath,
                childPath,
                pointer + "/" + escape(key),
                tuple.getValueNode(),
                substituted,
                depth + 1));
      }
      return object;
    }
    if (real instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode();
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(
            convert(
                rootPath,
                NodeReader.index(path, i),
                pointer + "/" + i,
                items.get(i),
                substituted,
                depth + 1));
      }
      return array;
    }
    ScalarNode scalar = (ScalarNode) real;
    if (scalar.isPlain()) {
      JsonNode typed = typed(path, scalar);
      if (typed != null) {
        return typed;
      }
    }
    NodeReader.Scalar text = reader.scalar(path, scalar, "a value", true);
    if (text == null) {
      return NODES.nullNode();
    }
    if (text.substituted()) {
      substituted.add(pointer);
    }
    return NODES.textNode(text.value());
  }

  /** A plain scalar of a YAML core-schema type other than string, or {@code null}. */
  private JsonNode typed(String path, ScalarNode scalar) {
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    if (Tag.NULL.equals(tag)) {
      return NODES.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      return NODES.booleanNode(value.toLowerCase(Locale.ROOT).equals("true"));
    }
    if (Tag.INT.equals(tag)) {
      String digits = value.startsWith("+") ? value.substring(1) : value;
      if (digits.startsWith("0x")) {
        return NODES.numberNode(new BigInteger(digits.substring(2), 16));
      }
      if (digits.startsWith("0o")) {
        return NODES.numberNode(new BigInteger(digits.substring(2), 8));
      }
      return NODES.numberNode(new BigInteger(digits));
    }
    if (Tag.FLOAT.equals(tag)) {
      String lower = value.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".inf") || lower.equals(".nan")) {
        reader.problems().add(path, scalar, "infinity and NaN cannot be written in JSON");
        return NODES.nullNode();
      }
      return NODES.numberNode(new BigDecimal(value.startsWith("+") ? value.substring(1) : value));
    }
    return null;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
