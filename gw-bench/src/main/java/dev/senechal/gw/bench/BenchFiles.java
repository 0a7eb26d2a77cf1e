package dev.senechal.gw.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary gateway directories the benchmarks set up and remove. */
final class BenchFiles {
  private BenchFiles() {}

  /**
   * Writes {@code dir/config.yaml}: the store in {@code dir}, the plugins of {@code plugins} with
   * {@code echo} enabled, then {@code more} (whole YAML lines, or empty).
   *
   * @return the config file
   */
  static Path echoConfig(Path dir, Path plugins, String more) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: " + dir.resolve("state.db") + "}\n"
            + "plugins_dir: " + plugins + "\n"
            + "plugins:\n  echo: {}\n"
            + more);
    return file;
  }

  /** Deletes {@code dir} and everything below it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
