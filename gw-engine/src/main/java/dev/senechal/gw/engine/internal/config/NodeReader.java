package dev.senechal.gw.engine.internal.config;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.engine.config.HostPort;
import dev.senechal.gw.engine.config.Secret;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads typed values out of a composed YAML node tree. Every scalar is interpolated ({@code
 * ${VAR}}) before it is typed. A bad value is recorded as a problem and read as {@code null}, so
 * the caller carries on and the file's other problems are found too.
 *
 * <p>Messages quote the offending value, except for secrets ({@code secret}, {@code key}, a
 * plugin's {@code env} values), whose values are never shown.
 */
public final class NodeReader {
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
  private static final String DURATION_EXAMPLES = "a duration like 250ms, 30s, 5m, 6h or 1d";

  private final ProblemCollector problems;
  private final Interpolator interpolator;

  public NodeReader(ProblemCollector problems, Interpolator interpolator) {
    this.problems = requireNonNull(problems, "problems is null");
    this.interpolator = requireNonNull(interpolator, "interpolator is null");
  }

  public ProblemCollector problems() {
    return problems;
  }

  /**
   * A scalar's text after interpolation.
   *
   * @param raw the text as written in the file
   * @param substituted whether {@code ${…}} was replaced in it
   */
  public record Scalar(String value, String raw, boolean substituted, Node node) {
    /** The value quoted for a message, with its origin when it came from the environment. */
    public String quoted() {
      return "'" + value + "'" + (substituted ? " (from '" + raw + "')" : "");
    }
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  static boolean isNull(Node node) {
    Node real = unwrap(node);
    return real == null || (real instanceof ScalarNode s && Tag.NULL.equals(s.getTag()));
  }

  static Node unwrap(Node node) {
    return node instanceof AnchorNode anchor ? anchor.getRealNode() : node;
  }

  /** What a node is, for "expected …, got …"; a secret scalar's value is not shown. */
  static String describe(Node node, boolean secret) {
    Node real = unwrap(node);
    if (isNull(real)) {
      return "nothing";
    }
    if (real instanceof MappingNode) {
      return "a mapping";
    }
    if (real instanceof SequenceNode) {
      return "a list";
    }
    return secret ? "a single value" : "'" + ((ScalarNode) real).getValue() + "'";
  }

  /**
   * A mapping with a fixed set of keys. An absent or empty ({@code key:} with no value) mapping
   * reads as empty; anything else is a problem and reads as empty.
   */
  public Mapping mapping(String path, Node node, String expected, List<String> knownKeys) {
    return mapping(path, node, expected, knownKeys, Map.of());
  }

  public Mapping mapping(
      String path, Node node, String expected, List<String> knownKeys, Map<String, String> hints) {
    Node real = unwrap(node);
    if (real instanceof MappingNode mapping) {
      return new Mapping(problems, path, mapping, knownKeys, hints, false);
    }
    boolean wrongType = !isNull(real);
    if (wrongType) {
      problems.add(path, real, "expected " + expected + ", got " + describe(real, false));
    }
    return new Mapping(problems, path, null, knownKeys, hints, wrongType);
  }

  /** A mapping whose keys are names (plugins, commands, variables): any key is allowed. */
  public Mapping namedEntries(String path, Node node, String expected, boolean secretValues) {
    Node real = unwrap(node);
    if (real instanceof MappingNode mapping) {
      return new Mapping(problems, path, mapping, null, Map.of(), false);
    }
    boolean wrongType = !isNull(real);
    if (wrongType) {
      problems.add(path, real, "expected " + expected + ", got " + describe(real, secretValues));
    }
    return new Mapping(problems, path, null, null, Map.of(), wrongType);
  }

  /** A list; absent or empty reads as empty, anything else is a problem and reads as empty. */
  public List<Node> sequence(String path, Node node, String expected) {
    Node real = unwrap(node);
    if (real instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    if (!isNull(real)) {
      problems.add(path, real, "expected " + expected + ", got " + describe(real, false));
    }
    return List.of();
  }

  /**
   * The key is required: records a problem when it is absent (unless the mapping itself was of the
   * wrong type, which is already reported).
   */
  public Optional<Node> required(Mapping mapping, String key, String what) {
    Optional<Node> node = mapping.get(key);
    if (node.isEmpty() && !mapping.wrongType()) {
      problems.add(mapping.child(key), mapping.line(), "is missing (required: " + what + ")");
    }
    return node;
  }

  /** A single value's interpolated text, or {@code null} with a problem recorded. */
  public Scalar scalar(String path, Node node, String expected, boolean secret) {
    Node real = unwrap(node);
    if (isNull(real)) {
      problems.add(path, real, "has no value: expected " + expected);
      return null;
    }
    if (!(real instanceof ScalarNode scalar)) {
      problems.add(path, real, "expected " + expected + ", got " + describe(real, secret));
      return null;
    }
    Interpolator.Result result = interpolator.expand(scalar.getValue(), secret);
    if (!result.errors().isEmpty()) {
      result.errors().forEach(error -> problems.add(path, real, error));
      return null;
    }
    return new Scalar(result.value(), scalar.getValue(), result.substituted(), real);
  }

  /** Text that must not be blank. */
  public String text(String path, Node node, String expected) {
    Scalar scalar = scalar(path, node, expected, false);
    if (scalar == null) {
      return null;
    }
    if (scalar.value().isBlank()) {
      problems.add(path, node, "is empty: expected " + expected);
      return null;
    }
    return scalar.value().trim();
  }

  /** Text matching {@code pattern}; {@code rule} explains the pattern to the user. */
  public String matching(String path, Node node, String expected, Pattern pattern, String rule) {
    String text = text(path, node, expected);
    if (text == null) {
      return null;
    }
    if (!pattern.matcher(text).matches()) {
      problems.add(path, node, "'" + text + "' is not " + expected + ": " + rule);
      return null;
    }
    return text;
  }

  /** A secret: never empty, never shown. */
  public Secret secret(String path, Node node, String expected) {
    Scalar scalar = scalar(path, node, expected, true);
    if (scalar == null) {
      return null;
    }
    if (scalar.value().isEmpty()) {
      problems.add(
          path,
          node,
          "is empty: expected "
              + expected
              + (scalar.substituted() ? " (its environment variable is set to nothing)" : ""));
      return null;
    }
    return Secret.of(scalar.value());
  }

  /**
   * A duration.
   *
   * @param positive whether zero is refused
   */
  public Duration duration(String path, Node node, boolean positive) {
    Scalar scalar = scalar(path, node, DURATION_EXAMPLES, false);
    if (scalar == null) {
      return null;
    }
    Duration duration;
    try {
      duration = DurationFormat.parse(scalar.value());
    } catch (IllegalArgumentException e) {
      problems.add(
          path,
          node,
          "expected "
              + DURATION_EXAMPLES
              + ", got "
              + scalar.quoted()
              + (e.getMessage().isEmpty() ? "" : ": " + e.getMessage()));
      return null;
    }
    if (positive && duration.isZero()) {
      problems.add(path, node, "must be above zero, got " + scalar.quoted());
      return null;
    }
    return duration;
  }

  /** A size in bytes, at least 1. */
  public Long size(String path, Node node) {
    Scalar scalar = scalar(path, node, "a size like 64KB, 1MB or 10MB", false);
    if (scalar == null) {
      return null;
    }
    long bytes;
    try {
      bytes = SizeFormat.parse(scalar.value());
    } catch (IllegalArgumentException e) {
      problems.add(
          path,
          node,
          "expected a size like 512B, 64KB, 1MB or 10MB, got "
              + scalar.quoted()
              + (e.getMessage().isEmpty() ? "" : ": " + e.getMessage()));
      return null;
    }
    if (bytes < 1) {
      problems.add(path, node, "must be at least 1B, got " + scalar.quoted());
      return null;
    }
    return bytes;
  }

  /** A whole number in {@code [min, max]}. */
  public Integer integer(String path, Node node, int min, int max) {
    Scalar scalar = scalar(path, node, "a whole number", false);
    if (scalar == null) {
      return null;
    }
    String text = scalar.value().trim();
    if (!text.matches("[-+]?\\d{1,10}")) {
      problems.add(path, node, "expected a whole number, got " + scalar.quoted());
      return null;
    }
    long value = Long.parseLong(text);
    if (value < min) {
      problems.add(path, node, "must be at least " + min + ", got " + scalar.quoted());
      return null;
    }
    if (value > max) {
      problems.add(path, node, "must be at most " + max + ", got " + scalar.quoted());
      return null;
    }
    return (int) value;
  }

  public Boolean bool(String path, Node node) {
    Scalar scalar = scalar(path, node, "true or false", false);
    if (scalar == null) {
      return null;
    }
    String text = scalar.value().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    problems.add(path, node, "expected true or false, got " + scalar.quoted());
    return null;
  }

  /** One of an enum's wire names (ignoring case). */
  public <E extends Enum<E>> E choice(
      String path,
      Node node,
      E[] values,
      Function<E, String> wireName,
      Function<String, Optional<E>> parse) {
    List<String> names = Arrays.stream(values).map(wireName).collect(Collectors.toList());
    String accepted = String.join(", ", names);
    Scalar scalar = scalar(path, node, "one of " + accepted, false);
    if (scalar == null) {
      return null;
    }
    Optional<E> value = parse.apply(scalar.value());
    if (value.isEmpty()) {
      String suggestion =
          KeySuggestions.closest(scalar.value().trim(), names)
              .map(name -> " (did you mean '" + name + "'?)")
              .orElse("");
      problems.add(
          path, node, "expected one of " + accepted + ", got " + scalar.quoted() + suggestion);
      return null;
    }
    return value.get();
  }

  /** A local time written {@code "HH:MM"}. */
  public LocalTime time(String path, Node node) {
    Scalar scalar = scalar(path, node, "a local time like \"06:00\"", false);
    if (scalar == null) {
      return null;
    }
    Matcher m = TIME.matcher(scalar.value().trim());
    if (m.matches()) {
      int hour = Integer.parseInt(m.group(1));
      int minute = Integer.parseInt(m.group(2));
      if (hour < 24 && minute < 60) {
        return LocalTime.of(hour, minute);
      }
    }
    problems.add(
        path,
        node,
        "expected a local time like \"06:00\" (HH:MM, 00:00 to 23:59), got " + scalar.quoted());
    return null;
  }

  public HostPort hostPort(String path, Node node) {
    Scalar scalar = scalar(path, node, "host:port like 127.0.0.1:8081", false);
    if (scalar == null) {
      return null;
    }
    try {
      return HostPort.parse(scalar.value());
    } catch (IllegalArgumentException e) {
      problems.add(path, node, e.getMessage());
      return null;
    }
  }

  /** The names in a list of single values, each checked against {@code pattern}, once each. */
  public List<String> names(String path, Node node, String expected, Pattern pattern, String rule) {
    Map<String, Integer> firstIndex = new LinkedHashMap<>();
    List<Node> items = sequence(path, node, "a list of " + expected + "s");
    for (int i = 0; i < items.size(); i++) {
      String name = matching(index(path, i), items.get(i), expected, pattern, rule);
      if (name == null) {
        continue;
      }
      Integer first = firstIndex.putIfAbsent(name, i);
      if (first != null) {
        problems.add(
            index(path, i),
            items.get(i),
            "'" + name + "' is listed twice (first at " + index(path, first) + ")");
      }
    }
    return List.copyOf(firstIndex.keySet());
  }
}
