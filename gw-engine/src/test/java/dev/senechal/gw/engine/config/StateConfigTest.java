package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.DIRECTORY;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StateConfigTest {

  @Test
  void defaultsToDataStateDbBesideTheConfigFile() {
    StateConfig state = parse("plugins: {}\n").state();

    assertThat(state.path()).isEqualTo(Path.of("/srv/gw/data/state.db"));
    assertThat(state.synchronous()).isEqualTo(Synchronous.FULL);
    assertThat(state).isEqualTo(StateConfig.defaults(DIRECTORY));
    assertThat(state.lockFile()).isEqualTo(Path.of("/srv/gw/data/senechal-gw.lock"));
  }

  @Test
  void readsEveryKey() {
    StateConfig state =
        parse(
                """
                state:
                  path: /var/lib/gw/queue.db
                  synchronous: normal
                """)
            .state();

    assertThat(state)
        .isEqualTo(new StateConfig(Path.of("/var/lib/gw/queue.db"), Synchronous.NORMAL));
  }

  @Test
  void aRelativePathResolvesAgainstTheConfigFilesDirectory() {
    assertThat(parse("state: { path: ../shared/./state.db }\n").state().path())
        .isEqualTo(Path.of("/srv/shared/state.db"));
    assertThat(parse("state: { path: state.db }\n").state().path())
        .isEqualTo(Path.of("/srv/gw/state.db"));
  }

  @Test
  void aTildeIsNotExpandedAndSaysSo() {
    assertThat(onlyProblem("state: { path: ~/gw/state.db }\n").message())
        .contains("'~/gw/state.db' starts with '~', which is not expanded");
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem = onlyProblem("state:\n  pth: x.db\n");

    assertThat(problem.keyPath()).isEqualTo("state.pth");
    assertThat(problem.line()).isEqualTo(2);
    assertThat(problem.message()).isEqualTo("unknown key 'pth' (did you mean 'path'?)");
  }

  @Test
  void synchronousAcceptsOnlyTheSqliteModes() {
    assertThat(onlyProblem("state: { synchronous: extra }\n").message())
        .isEqualTo("expected one of full, normal, off, got 'extra'");
    assertThat(parse("state: { synchronous: 'OFF' }\n").state().synchronous())
        .isEqualTo(Synchronous.OFF);
  }
}
