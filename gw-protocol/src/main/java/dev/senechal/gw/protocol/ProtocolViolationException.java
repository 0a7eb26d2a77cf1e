package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

/**
 * Plugin output (or a stored envelope) breaks the protocol. The message says which rule was broken
 * and quotes a short excerpt (at most 200 characters) of the offending output.
 */
public class ProtocolViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final String excerpt;

  public ProtocolViolationException(String rule, String excerpt) {
    this(rule, excerpt, null);
  }

  public ProtocolViolationException(String rule, String excerpt, Throwable cause) {
    super(format(rule, excerpt), cause);
    this.rule = rule;
    this.excerpt = excerpt;
  }

  /** The broken rule, without the excerpt. */
  public String rule() {
    return rule;
  }

  /** The excerpt of the output, escaped, at most 200 characters plus an ellipsis; may be empty. */
  public String excerpt() {
    return excerpt;
  }

  private static String format(String rule, String excerpt) {
    requireNonNull(rule, "rule is null");
    requireNonNull(excerpt, "excerpt is null");
    return excerpt.isEmpty() ? rule : rule + " (output: \"" + excerpt + "\")";
  }
}
