package dev.senechal.gw.protocol.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the system executables the runner relies on. */
public final class Executables {
  private Executables() {}

  /**
   * The first executable file among {@code preferred}, else {@code name} on the daemon's {@code
   * PATH}.
   *
   * @throws IllegalStateException naming what was looked for and where
   */
  public static Path require(String name, List<Path> preferred, String hint) {
    return find(name, preferred, System.getenv("PATH"))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name + " not found at " + preferred + " or on PATH; " + hint));
  }

  static Optional<Path> find(String name, List<Path> preferred, String pathVariable) {
    List<Path> candidates = new ArrayList<>(preferred);
    if (pathVariable != null) {
      for (String dir : pathVariable.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }
}
