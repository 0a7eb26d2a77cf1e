package dev.senechal.gw.engine.internal.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * One YAML mapping of the config, its keys checked on construction: keys that are not scalars,
 * duplicate keys (each reported with both lines) and, for a mapping with a fixed schema, unknown
 * keys with a "did you mean" suggestion. A duplicate's later value is ignored.
 */
public final class Mapping {
  private final String path;
  private final Node node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final List<String> knownKeys;
  private final boolean wrongType;

  /**
   * @param node the mapping node, or {@code null} for an absent (empty) one
   * @param wrongType whether something other than a mapping was written here (already reported):
   *     its required keys are then not reported missing
   * @param knownKeys the keys allowed here; {@code null} when any key is allowed (a map of names)
   * @param hints for keys that belong one level down (a plugin's {@code every} means {@code
   *     schedule.every}): the key and what to write instead
   */
  Mapping(
      ProblemCollector problems,
      String path,
      MappingNode node,
      List<String> knownKeys,
      Map<String, String> hints,
      boolean wrongType) {
    this.path = requireNonNull(path, "path is null");
    this.node = node;
    this.wrongType = wrongType;
    this.knownKeys = knownKeys == null ? null : List.copyOf(knownKeys);
    if (node == null) {
      return;
    }
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalar)) {
        problems.add(
            path, keyNode, "a key must be a plain name, got " + NodeReader.describe(keyNode, true));
        continue;
      }
      String key = scalar.getValue();
      NodeTuple first = entries.get(key);
      if (first != null) {
        problems.add(
            NodeReader.join(path, key),
            keyNode,
            "duplicate key '"
                + key
                + "' (first at line "
                + ProblemCollector.line(first.getKeyNode())
                + ", again at line "
                + ProblemCollector.line(keyNode)
                + "); keep one");
        continue;
      }
      entries.put(key, tuple);
      if (this.knownKeys != null && !this.knownKeys.contains(key)) {
        problems.add(NodeReader.join(path, key), keyNode, unknownKey(key, hints));
      }
    }
  }

  private String unknownKey(String key, Map<String, String> hints) {
    if (key.equals("<<")) {
      return "merge keys ('<<') are not supported: repeat the keys, or alias a whole mapping"
          + " (retry: *defaults)";
    }
    Optional<String> close = KeySuggestions.closest(key, knownKeys);
    if (close.isPresent()) {
      return "unknown key '" + key + "' (did you mean '" + close.get() + "'?)";
    }
    String hint = hints.get(key);
    if (hint != null) {
      return "unknown key '" + key + "' (did you mean '" + hint + "'?)";
    }
    return "unknown key '"
        + key
        + "'"
        + (knownKeys.isEmpty() ? "" : " (expected one of: " + String.join(", ", knownKeys) + ")");
  }

  public String path() {
    return path;
  }

  /** The dotted path of {@code key} in this mapping. */
  public String child(String key) {
    return NodeReader.join(path, key);
  }

  /** The line the mapping starts on, 0 if unknown or absent. */
  public int line() {
    return ProblemCollector.line(node);
  }

  /** Whether something other than a mapping was written where this mapping belongs. */
  public boolean wrongType() {
    return wrongType;
  }

  public boolean has(String key) {
    checkKnown(key);
    return entries.containsKey(key);
  }

  /** The value of {@code key} (possibly a null scalar), if the key is present. */
  public Optional<Node> get(String key) {
    checkKnown(key);
    NodeTuple tuple = entries.get(key);
    return tuple == null ? Optional.empty() : Optional.of(tuple.getValueNode());
  }

  /** Every entry in file order, without duplicates. */
  public Map<String, NodeTuple> entries() {
    return Collections.unmodifiableMap(entries);
  }

  private void checkKnown(String key) {
    if (knownKeys != null && !knownKeys.contains(key)) {
      throw new IllegalStateException(key + " is not among the known keys of " + path);
    }
  }
}
