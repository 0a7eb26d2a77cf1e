package dev.senechal.gw.testkit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 glue: hands each test method a fresh {@link PluginHarness} for one plugin directory and
 * closes it after the test.
 *
 * <pre>{@code
 * class FeedPluginTest {
 *   @RegisterExtension
 *   static final PluginExtension FEED = PluginExtension.of(Path.of("plugins/feed"));
 *
 *   @Test
 *   void emitsOneEventPerNewItem(PluginHarness feed) {
 *     feed.config("{\"url\":\"file:testdata/feed.xml\"}").run("poll").assertEmitted("new_item", 3);
 *   }
 * }
 * }</pre>
 */
public final class PluginExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PluginExtension.class);

  private final Path directory;

  private PluginExtension(Path directory) {
    this.directory = directory;
  }

  /** An extension for the plugin in {@code directory} (checked when a test first asks for it). */
  public static PluginExtension of(Path directory) {
    return new PluginExtension(requireNonNull(directory, "directory is null"));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PluginHarness.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    PluginHarness harness = PluginHarness.of(directory);
    // JUnit (5.13+) closes AutoCloseable values of the store when the test's context ends.
    context.getStore(NAMESPACE).put(parameter.getIndex() + ":" + directory, harness);
    return harness;
  }
}
