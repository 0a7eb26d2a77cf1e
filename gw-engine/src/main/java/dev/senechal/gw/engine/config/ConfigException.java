package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration is invalid. Carries every problem found, not just the first; the message lists
 * them one per line (what {@code senechal-gw config check} prints).
 *
 * <p>Anyone may raise it: the engine adds problems only visible with the plugins on disk (a
 * schedule on a plugin whose manifest lacks {@code poll}, a missing required config key) through
 * {@link #ConfigException(List)}.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<ConfigProblem> problems;

  /**
   * @param problems at least one
   */
  public ConfigException(List<ConfigProblem> problems) {
    this(problems, null);
  }

  /**
   * @param problems at least one
   * @param cause what made the file unreadable, if anything
   */
  public ConfigException(List<ConfigProblem> problems, Throwable cause) {
    super(message(problems), cause);
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file order where lines are known. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String message(List<ConfigProblem> problems) {
    requireNonNull(problems, "problems is null");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
  }
}
