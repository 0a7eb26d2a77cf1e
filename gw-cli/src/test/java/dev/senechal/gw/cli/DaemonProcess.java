package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code senechal-gw.jar} run as a child process, its stdout collected line by line
 * (each line must be a JSON log object) and its stderr kept as text.
 */
final class DaemonProcess implements AutoCloseable {
  static final Path JAR = Path.of(System.getProperty("senechal.jar", "target/senechal-gw.jar"));
  static final Path REPO = Path.of(System.getProperty("senechal.repo", "..")).toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final List<String> stdout = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread outReader;
  private final Thread errReader;

  private DaemonProcess(Process process) {
    this.process = process;
    this.outReader = pump(process.getInputStream(), line -> {
      synchronized (stdout) {
        stdout.add(line);
        stdout.notifyAll();
      }
    });
    this.errReader = pump(process.getErrorStream(), line -> {
      synchronized (stderr) {
        stderr.append(line).append('\n');
      }
    });
  }

  static DaemonProcess start(List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("SENECHAL_GW_CONFIG");
    return new DaemonProcess(builder.start());
  }

  static DaemonProcess start(String... args) throws IOException {
    return start(List.of("-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1"), args);
  }

  private static Thread pump(java.io.InputStream in, java.util.function.Consumer<String> sink) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  sink.accept(line);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  long pid() {
    return process.pid();
  }

  /** Waits for a JSON log line matching {@code match}; fails with all output so far if none. */
  JsonNode awaitLog(Predicate<JsonNode> match, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (stdout) {
      while (true) {
        for (; seen < stdout.size(); seen++) {
          JsonNode node = parse(stdout.get(seen));
          if (match.test(node)) {
            return node;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && seen == stdout.size())) {
          throw new AssertionError(
              "no log line for: " + what + "\nstdout:\n" + String.join("\n", stdout)
                  + "\nstderr:\n" + stderr());
        }
        stdout.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
      }
    }
  }

  JsonNode awaitMessage(String fragment, Duration timeout) throws InterruptedException {
    return awaitLog(n -> n.path("message").asText().contains(fragment), timeout, fragment);
  }

  /** Every stdout line so far, parsed; fails if any line is not a JSON object. */
  List<JsonNode> logs() {
    List<JsonNode> nodes = new ArrayList<>();
    synchronized (stdout) {
      for (String line : stdout) {
        nodes.add(parse(line));
      }
    }
    return nodes;
  }

  int indexOf(String fragment) {
    List<JsonNode> nodes = logs();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).path("message").asText().contains(fragment)) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as("log line is a JSON object: %s", line).isTrue();
      return node;
    } catch (IOException e) {
      throw new AssertionError("stdout line is not JSON: " + line, e);
    }
  }

  /** Everything printed on stdout so far, as text (for commands that do not log JSON). */
  String stdout() {
    synchronized (stdout) {
      return String.join("\n", stdout) + (stdout.isEmpty() ? "" : "\n");
    }
  }

  /** Runs a CLI command with {@code --config config} appended, to its end. */
  static Finished cli(String config, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(config);
    return run(all.toArray(String[]::new));
  }

  /** Runs a CLI command to its end; the result's exit code, stdout and stderr. */
  static Finished run(String... args) throws IOException, InterruptedException {
    try (DaemonProcess cli = start(args)) {
      int code = cli.awaitExit(Duration.ofSeconds(60));
      return new Finished(code, cli.stdout(), cli.stderr());
    }
  }

  record Finished(int exitCode, String stdout, String stderr) {
    JsonNode json() {
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("not JSON (exit " + exitCode + "):\n" + stdout + stderr, e);
      }
    }
  }

  String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  /** Sends a signal by name (TERM, INT, HUP, KILL) to the daemon. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    assertThat(kill.waitFor()).isZero();
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("daemon did not exit within " + timeout + "\nstderr:\n" + stderr());
    }
    outReader.join(5_000);
    errReader.join(5_000);
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
