package dev.senechal.gw.engine.internal.config;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.engine.config.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/** Gathers every problem of one file instead of stopping at the first. */
public final class ProblemCollector {
  private final Path file;
  private final List<ConfigProblem> problems = new ArrayList<>();

  public ProblemCollector(Path file) {
    this.file = requireNonNull(file, "file is null");
  }

  /** Records a problem at {@code node}'s line ({@code node} may be null: line unknown). */
  public void add(String keyPath, Node node, String message) {
    add(keyPath, line(node), message);
  }

  public void add(String keyPath, int line, String message) {
    problems.add(new ConfigProblem(file, keyPath, line, message));
  }

  public int count() {
    return problems.size();
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The problems by line (stable; problems without a line last). */
  public List<ConfigProblem> sorted() {
    List<ConfigProblem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
    return List.copyOf(sorted);
  }

  /** The 1-based line a node starts on, 0 if unknown. */
  public static int line(Node node) {
    if (node == null) {
      return 0;
    }
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
  }
}
