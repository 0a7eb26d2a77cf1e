package dev.senechal.gw.testkit.chain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@link ChainRunner} run did: the started job with every job routed from it, and every
 * configured plugin's state after the drain.
 *
 * @param root the job the run started
 * @param states plugin name to its state as JSON object text ({@code {}} when it has none), in
 *     config order
 */
public record ChainTree(ChainNode root, Map<String, String> states) {

  public ChainTree {
    requireNonNull(root, "root is null");
    states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
  }

  /** Every job of the tree, depth first, parents before children. */
  public List<ChainNode> all() {
    return root.all();
  }

  /** The jobs of one plugin, depth first. */
  public List<ChainNode> find(String plugin) {
    return all().stream().filter(n -> n.plugin().equals(plugin)).toList();
  }

  /**
   * The single job of {@code plugin}.
   *
   * @throws AssertionError when the tree has none or several, with the tree
   */
  public ChainNode only(String plugin) {
    List<ChainNode> found = find(plugin);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one job of " + plugin + ", found " + found.size() + "\n" + describe());
    }
    return found.get(0);
  }

  /** The jobs that routed nothing on. */
  public List<ChainNode> leaves() {
    return all().stream().filter(n -> n.children().isEmpty()).toList();
  }

  /** The jobs that did not succeed (failed, timed out or dead after their last attempt). */
  public List<ChainNode> failures() {
    return all().stream().filter(n -> !n.succeeded()).toList();
  }

  /** A plugin's state after the drain; {@code {}} for a plugin without state. */
  public String state(String plugin) {
    return Optional.ofNullable(states.get(plugin))
        .orElseThrow(
            () -> new IllegalArgumentException(
                "no plugin " + plugin + " in the config (plugins: " + states.keySet() + ")"));
  }

  /**
   * Checks that every job of the tree succeeded.
   *
   * @throws AssertionError listing each failed job with its last error and stderr, then the tree
   */
  public ChainTree assertAllSucceeded() {
    List<ChainNode> failed = failures();
    if (failed.isEmpty()) {
      return this;
    }
    StringBuilder message =
        new StringBuilder(failed.size() + " of " + all().size() + " jobs did not succeed:");
    for (ChainNode node : failed) {
      message.append("\n  ").append(node.describe());
      String stderr = node.stderr().strip();
      if (!stderr.isEmpty()) {
        message.append("\n    stderr: ").append(stderr.replace("\n", "\n            "));
      }
    }
    message.append("\n").append(describe());
    throw new AssertionError(message.toString());
  }

  /**
   * The tree as indented lines, one job each ({@code [event] plugin command (job id): status,
   * attempt n of m: last error}), like {@code senechal-gw job trace}.
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    describe(root, 0, out);
    return out.toString();
  }

  private static void describe(ChainNode node, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(depth == 0 ? "" : "└ ").append(node.describe())
        .append('\n');
    for (ChainNode child : node.children()) {
      describe(child, depth + 1, out);
    }
  }

  /** Plugin names and how many jobs each ran, for a quick look at the shape. */
  public Map<String, Integer> countByPlugin() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ChainNode node : all()) {
      counts.merge(node.plugin(), 1, Integer::sum);
    }
    return counts;
  }

  List<ChainNode> unsettled() {
    List<ChainNode> out = new ArrayList<>();
    for (ChainNode node : all()) {
      if (!node.status().isTerminal()) {
        out.add(node);
      }
    }
    return out;
  }
}
