package dev.senechal.gw.engine.internal.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a scalar's text from the environment.
 *
 * <ul>
 *   <li>{@code ${VAR}}: the variable's value; an unset variable is an error. A variable set to the
 *       empty string gives the empty string.
 *   <li>{@code ${VAR:-default}}: the default when the variable is unset or empty (as in the
 *       shell). The default is taken literally, up to the first {@code }}.
 *   <li>{@code $${} is a literal {@code ${}; any other {@code $} is kept as it is.
 *   <li>One pass: a value taken from the environment is never expanded again.
 * </ul>
 */
public final class Interpolator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> environment;

  public Interpolator(Map<String, String> environment) {
    this.environment = requireNonNull(environment, "environment is null");
  }

  /**
   * The expanded text.
   *
   * @param value the text after expansion (the input unchanged when there are errors)
   * @param substituted whether any {@code ${…}} was replaced
   * @param errors what went wrong; these never contain a variable's value
   */
  public record Result(String value, boolean substituted, List<String> errors) {
    public Result {
      requireNonNull(value, "value is null");
      errors = List.copyOf(errors);
    }
  }

  /**
   * Expands {@code text}.
   *
   * @param secret whether {@code text} may itself be a secret: error messages then leave it out
   */
  public Result expand(String text, boolean secret) {
    requireNonNull(text, "text is null");
    if (!text.contains("${")) {
      return new Result(text, false, List.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<String> errors = new ArrayList<>();
    boolean substituted = false;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
        continue;
      }
      if (!text.startsWith("${", i)) {
        out.append(text.charAt(i));
        i++;
        continue;
      }
      int close = text.indexOf('}', i + 2);
      if (close < 0) {
        errors.add("has a '${' without its closing '}' (write '$${' for a literal '${')");
        break;
      }
      String reference = text.substring(i + 2, close);
      int separator = reference.indexOf(":-");
      String name = separator < 0 ? reference : reference.substring(0, separator);
      String fallback = separator < 0 ? null : reference.substring(separator + 2);
      if (!NAME.matcher(name).matches()) {
        errors.add(
            (secret ? "has a '${…}'" : "has '${" + reference + "}'")
                + " whose variable name is not letters, digits and '_' (not starting with a"
                + " digit); write '$${' for a literal '${'");
      } else {
        String value = environment.get(name);
        if (value == null || value.isEmpty()) {
          if (fallback != null) {
            value = fallback;
          } else if (value == null) {
            errors.add(
                "environment variable "
                    + name
                    + " is not set (set it, or give a default: ${"
                    + name
                    + ":-default})");
            value = "";
          }
        }
        out.append(value);
        substituted = true;
      }
      i = close + 1;
    }
    if (!errors.isEmpty()) {
      return new Result(text, substituted, errors);
    }
    return new Result(out.toString(), substituted, List.of());
  }
}
