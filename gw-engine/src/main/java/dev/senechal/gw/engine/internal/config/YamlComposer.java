package dev.senechal.gw.engine.internal.config;

import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.engine.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Composes YAML text into a node tree (SnakeYAML Engine's compose step: nodes with line marks,
 * nothing constructed yet). Duplicate keys are left in the tree for {@link Mapping} to report with
 * both lines. Syntax errors are reported without the source snippet SnakeYAML would print, which
 * could show a secret written in the file.
 */
public final class YamlComposer {
  private static final int MAX_ALIASES = 50;
  private static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

  private YamlComposer() {}

  /**
   * The document's root node; {@code null} when the text holds no document.
   *
   * @throws ConfigException when the text is not YAML
   */
  public static Node compose(String yaml, Path file) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file.toString())
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit(MAX_CODE_POINTS)
            .build();
    try {
      Optional<Node> root = new Compose(settings).composeString(yaml);
      return root.orElse(null);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
      StringBuilder message = new StringBuilder("not valid YAML: ").append(e.getProblem());
      if (e.getContext() != null) {
        message.append(" (").append(e.getContext());
        e.getContextMark()
            .map(Mark::getLine)
            .ifPresent(contextLine -> message.append(" at line ").append(contextLine + 1));
        message.append(')');
      }
      throw new ConfigException(List.of(new ConfigProblem(file, "", line, message.toString())), e);
    } catch (YamlEngineException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(file, "", 0, "not valid YAML: " + e.getMessage())), e);
    }
  }
}
