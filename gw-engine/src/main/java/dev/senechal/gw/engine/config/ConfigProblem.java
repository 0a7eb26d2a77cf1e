package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration, located as precisely as known.
 *
 * <p>Printed as {@code config.yaml:12: plugins.echo.schedule.every: '5x' is not an interval: …};
 * the line is left out when unknown (0) and the key path when the problem concerns the whole file.
 * Messages never contain the value of a secret ({@code secret}, {@code key}, a plugin's {@code
 * config} or {@code env}).
 *
 * @param file the file the problem is in; {@code null} for a config built in code
 * @param keyPath dotted path of the key, lists indexed ({@code webhooks.endpoints[0].secret});
 *     empty for the file as a whole
 * @param line 1-based line in {@code file}, 0 if unknown
 * @param message what is wrong and what is expected
 */
public record ConfigProblem(Path file, String keyPath, int line, String message) {
  public ConfigProblem {
    requireNonNull(keyPath, "keyPath is null");
    requireNonNull(message, "message is null");
    if (line < 0) {
      throw new IllegalArgumentException("line is negative: " + line);
    }
  }

  /** A problem whose line is unknown (for checks made after loading, e.g. against manifests). */
  public static ConfigProblem of(Path file, String keyPath, String message) {
    return new ConfigProblem(file, keyPath, 0, message);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file == null ? "<config>" : file.toString());
    if (line > 0) {
      text.append(':').append(line);
    }
    text.append(": ");
    if (!keyPath.isEmpty()) {
      text.append(keyPath).append(": ");
    }
    return text.append(message).toString();
  }
}
