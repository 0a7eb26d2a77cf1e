package dev.senechal.gw.cli;

import dev.senechal.gw.engine.config.PluginConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code senechal-gw plugin new NAME --lang bash|python|java [--dir PARENT]}: writes a working
 * plugin with a passing fixture into {@code PARENT/NAME}. The templates are resources under {@code
 * scaffold/}; {@code {{name}}} and friends are replaced.
 */
@Command(
    name = "new",
    description = "Scaffold a working plugin with a test in ./NAME (or PARENT/NAME).")
final class PluginNewCommand implements Callable<Integer> {
  /** The gw-protocol version a Java scaffold depends on when the jar does not say. */
  static final String DEFAULT_VERSION = "0.1.0-SNAPSHOT";

  private static final List<String> LANGUAGES = List.of("bash", "python", "java");

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME",
      description = "The plugin's name: lower case letters, digits, '-' and '_'.")
  String name;

  @Option(names = "--lang", paramLabel = "LANG", defaultValue = "bash",
      description = "bash, python or java (default ${DEFAULT-VALUE}).")
  String language;

  @Option(names = "--dir", paramLabel = "PARENT", defaultValue = ".",
      description = "Where to create the plugin directory (default: the current directory).")
  Path parent;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!PluginConfig.NAME.matcher(name).matches()) {
      err.println("senechal-gw plugin new: '" + name + "' is not a plugin name: use 1 to 64 of"
          + " a-z, 0-9, '-' and '_', starting with a letter or digit (" + PluginConfig.NAME + ")");
      return Main.USAGE;
    }
    if (!LANGUAGES.contains(language)) {
      err.println("senechal-gw plugin new: --lang " + language + " is not one of " + LANGUAGES);
      return Main.USAGE;
    }
    Path directory = parent.resolve(name);
    if (Files.exists(directory)) {
      err.println("senechal-gw plugin new: " + directory + " already exists; choose another name"
          + " or --dir");
      return Main.FAILURE;
    }
    Map<String, String> files = files();
    try {
      Files.createDirectories(directory.resolve("testdata"));
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = directory.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, render(file.getValue()));
        if (file.getKey().equals("run.sh") || file.getKey().equals("run.py")) {
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    } catch (IOException e) {
      err.println("senechal-gw plugin new: cannot write " + directory + ": " + e.getMessage());
      return Main.FAILURE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("created " + directory + " (" + language + " plugin):");
    files.keySet().forEach(f -> out.println("  " + f));
    out.println("next:");
    if (language.equals("java")) {
      out.println("  (cd " + directory + " && mvn package)   # needs gw-protocol " + version()
          + " in your Maven repository; see " + directory.resolve("README.md"));
    }
    out.println("  senechal-gw plugin check " + directory);
    out.println("  senechal-gw plugin test " + directory);
    return Main.OK;
  }

  /** Target path in the plugin directory → template resource, in the order they are listed. */
  private Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("manifest.yaml", language + "/manifest.yaml");
    switch (language) {
      case "bash" -> files.put("run.sh", "bash/run.sh");
      case "python" -> files.put("run.py", "python/run.py");
      default -> {
        files.put("run.sh", "java/run.sh");
        files.put("pom.xml", "java/pom.xml");
        files.put("src/main/java/senechal/plugin/Plugin.java", "java/Plugin.java");
      }
    }
    files.put("README.md", "common/README.md");
    files.put("testdata/poll.request.json", "common/poll.request.json");
    files.put("testdata/poll.expected.json", "common/poll.expected.json");
    return files;
  }

  private String render(String resource) {
    String text;
    try (InputStream in = PluginNewCommand.class.getResourceAsStream("scaffold/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("template scaffold/" + resource + " is missing");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.replace("{{name}}", name)
        .replace("{{lang}}", language)
        .replace("{{version}}", version())
        .replace("{{build}}", language.equals("java") ? javaBuild() : "");
  }

  private String javaBuild() {
    return """

        ## Build it

        `run.sh` runs `target/%1$s.jar`; until it is built, every command exits 78 and says so.
        The jar bundles gw-protocol's plugin helper (`dev.senechal.gw.protocol.plugin`), which is
        not on Maven Central yet: install it once from a senechal-gw checkout, then build here.

        ```sh
        (cd /path/to/senechal-gw && ./mvnw -pl gw-protocol -am install -DskipTests)
        mvn package          # writes target/%1$s.jar
        ```
        """.formatted(name);
  }

  private static String version() {
    String version = PluginNewCommand.class.getPackage().getImplementationVersion();
    return version == null ? DEFAULT_VERSION : version;
  }
}
