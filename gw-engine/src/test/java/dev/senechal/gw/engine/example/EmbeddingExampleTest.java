package dev.senechal.gw.engine.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding guide's example: compiled, run, and the same text as in docs/embedding.md. */
class EmbeddingExampleTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void theExampleRunsAndPrintsASucceededJob() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EmbeddingExample.main(new String[] {dir.toString(), REPO.resolve("plugins").toString()});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains(" succeeded").contains("last_run").contains("result: echoed at");
    assertThat(dir.resolve("data/state.db")).exists();
  }

  @Test
  void theGuideShowsExactlyThisCode() throws Exception {
    String source =
        Files.readString(
            REPO.resolve(
                "gw-engine/src/test/java/dev/senechal/gw/engine/example/EmbeddingExample.java"));
    String example =
        source.substring(
                source.indexOf("// docs:start\n") + "// docs:start\n".length(),
                source.indexOf("// docs:end"))
            .strip();
    String guide = Files.readString(REPO.resolve("docs/embedding.md"));
    assertThat(guide)
        .as("docs/embedding.md carries the example of EmbeddingExample.java verbatim")
        .contains(example);
  }
}
