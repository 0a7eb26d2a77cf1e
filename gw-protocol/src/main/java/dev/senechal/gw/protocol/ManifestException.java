package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code manifest.yaml} could not be read or breaks the manifest schema. The message names the
 * file and, for each problem, the key path and what was expected.
 */
public class ManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One thing wrong with a manifest.
   *
   * @param keyPath where, e.g. {@code commands[1].type}; empty for the document as a whole
   * @param message what is wrong and what was expected
   */
  public record Problem(String keyPath, String message) {
    public Problem {
      requireNonNull(keyPath, "keyPath is null");
      requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
      return keyPath.isEmpty() ? message : keyPath + ": " + message;
    }
  }

  private final transient Path file;
  private final transient List<Problem> problems;

  public ManifestException(Path file, List<Problem> problems) {
    this(file, problems, null);
  }

  public ManifestException(Path file, List<Problem> problems, Throwable cause) {
    super(format(file, problems), cause);
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  /** The manifest file. */
  public Path file() {
    return file;
  }

  /** Every problem found, in document order; never empty. */
  public List<Problem> problems() {
    return problems;
  }

  private static String format(Path file, List<Problem> problems) {
    requireNonNull(file, "file is null");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a manifest exception needs at least one problem");
    }
    if (problems.size() == 1) {
      return file + ": " + problems.get(0);
    }
    return file
        + ": "
        + problems.size()
        + " problems: "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
  }
}
