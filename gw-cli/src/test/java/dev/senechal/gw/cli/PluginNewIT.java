package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.cli.DaemonProcess.Finished;
import dev.senechal.gw.testkit.PluginFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaffolded plugins of {@code plugin new} pass {@code plugin check} and their own tests. */
class PluginNewIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"bash", "python"})
  void aScaffoldedScriptPluginPassesCheckTestAndItsFixture(String language) throws Exception {
    Finished created =
        DaemonProcess.run("plugin", "new", "my-" + language, "--lang", language, "--dir",
            dir.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    Path plugin = dir.resolve("my-" + language);
    assertThat(created.stdout()).contains("created " + plugin)
        .contains("senechal-gw plugin check " + plugin);
    assertThat(plugin.resolve("README.md")).isRegularFile();
    assertThat(plugin.resolve(language.equals("bash") ? "run.sh" : "run.py")).isExecutable();

    Finished check = DaemonProcess.run("plugin", "check", plugin.toString());
    assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    assertThat(check.stdout()).contains("PASS  command poll").contains("PASS  command health")
        .contains("PASS  unsupported protocol").endsWith("conformant\n");

    Finished test = DaemonProcess.run("plugin", "test", plugin.toString(), "--state",
        "{\"polls\":41}", "--json");
    assertThat(test.exitCode()).as(test.stdout() + test.stderr()).isZero();
    assertThat(test.json().path("response").path("result").asText())
        .isEqualTo("my-" + language + ": poll 42");
    assertThat(test.json().path("state_after").path("polls").asInt()).isEqualTo(42);

    assertThat(PluginFixtures.check(plugin, plugin.resolve("testdata/poll.request.json")))
        .isEmpty();
  }

  @Test
  void aJavaScaffoldSaysHowToBuildItAndItsCheckNamesTheMissingJar() throws Exception {
    Finished created =
        DaemonProcess.run("plugin", "new", "hello", "--lang", "java", "--dir", dir.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    Path plugin = dir.resolve("hello");
    assertThat(created.stdout()).contains("mvn package");
    assertThat(plugin.resolve("run.sh")).isExecutable();
    assertThat(plugin.resolve("src/main/java/senechal/plugin/Plugin.java")).content()
        .contains("PluginMain.run(Plugin::handle)");
    assertThat(plugin.resolve("pom.xml")).content()
        .contains("<artifactId>gw-protocol</artifactId>").contains("<finalName>hello</finalName>");
    assertThat(plugin.resolve("README.md")).content().contains("-pl gw-protocol -am install");

    Finished check = DaemonProcess.run("plugin", "check", plugin.toString());
    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.stdout()).contains("PASS  manifest").contains("FAIL  command poll")
        .contains("target/hello.jar is missing; build it first");
  }

  @Test
  void anInvalidNameIsAUsageErrorAndAnExistingDirectoryIsRefused() throws Exception {
    Finished invalid = DaemonProcess.run("plugin", "new", "My Plugin", "--dir", dir.toString());
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.stderr()).contains("'My Plugin' is not a plugin name");

    Finished language =
        DaemonProcess.run("plugin", "new", "x", "--lang", "cobol", "--dir", dir.toString());
    assertThat(language.exitCode()).isEqualTo(2);
    assertThat(language.stderr()).contains("--lang cobol is not one of [bash, python, java]");

    Files.createDirectory(dir.resolve("taken"));
    Files.writeString(dir.resolve("taken/keep.txt"), "mine");
    Finished existing = DaemonProcess.run("plugin", "new", "taken", "--dir", dir.toString());
    assertThat(existing.exitCode()).isEqualTo(1);
    assertThat(existing.stderr()).contains("already exists");
    assertThat(dir.resolve("taken/keep.txt")).hasContent("mine");
    assertThat(dir.resolve("taken/manifest.yaml")).doesNotExist();
  }
}
