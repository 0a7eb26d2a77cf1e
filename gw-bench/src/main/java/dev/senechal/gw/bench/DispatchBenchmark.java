package dev.senechal.gw.bench;

import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.protocol.PluginRequest;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prints how many echo jobs per second the real dispatcher runs (durable SQLite, {@code
 * synchronous=FULL}) beside a plain {@code ProcessBuilder} loop spawning the same plugin with the
 * same request, measured alternately in the same run; then the daemon's start-up time to ready and
 * its idle resident memory. Figures, not assertions: the machines are shared and noisy.
 *
 * <p>Usage: {@code bench/run [jobs]} (default 2000).
 */
public final class DispatchBenchmark {
  private DispatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path repo = Path.of(System.getProperty("senechal.repo", ".")).toAbsolutePath().normalize();
    Path plugins = repo.resolve("plugins");
    Path echo = plugins.resolve("echo/run.sh");
    byte[] request =
        new ProtocolCodec()
            .encodeRequest(
                new PluginRequest(1, "00000000-0000-0000-0000-000000000000", "poll", "{}",
                    "{}", null, null, null, Clock.systemUTC().instant().plusSeconds(60)));

    System.out.printf("dispatch benchmark: %d echo jobs per round, %s%n", jobs, echo);
    rawSpawns(echo, request, 100); // warm-up
    gateway(plugins, 100);
    List<Double> raw = new ArrayList<>();
    List<Double> gw = new ArrayList<>();
    for (int round = 1; round <= 2; round++) {
      double r = rawSpawns(echo, request, jobs);
      double g = gateway(plugins, jobs);
      raw.add(r);
      gw.add(g);
      System.out.printf(
          "round %d: raw ProcessBuilder %.0f spawns/s, gateway %.0f jobs/s, ratio %.1f%%%n",
          round, r, g, 100 * g / r);
    }
    double rawBest = raw.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    double gwBest = gw.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    System.out.printf(
        "best: raw %.0f/s, gateway %.0f/s, ratio %.1f%% (target >= 80%%)%n",
        rawBest, gwBest, 100 * gwBest / rawBest);

    Path jar = repo.resolve("gw-cli/target/senechal-gw.jar");
    if (Files.exists(jar)) {
      daemonFootprint(jar, plugins);
    } else {
      System.out.println("daemon footprint: skipped, " + jar + " not built");
    }
  }

  /** Spawns the plugin {@code count} times, writing the request and reading the response. */
  static double rawSpawns(Path executable, byte[] request, int count) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      ProcessBuilder builder = new ProcessBuilder(executable.toString());
      builder.directory(executable.getParent().toFile());
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(request);
      }
      try (InputStream out = process.getInputStream()) {
        out.readAllBytes();
      }
      if (process.waitFor() != 0) {
        throw new IllegalStateException("echo failed in the raw loop");
      }
    }
    return count / seconds(start);
  }

  /** Enqueues {@code count} jobs, then times the dispatcher draining them. */
  static double gateway(Path plugins, int count) throws Exception {
    Path dir = Files.createTempDirectory("gw-bench");
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "service: {log_level: warn}\n"
            + "state: {path: ./state.db, synchronous: full}\n"
            + "plugins_dir: " + plugins + "\n"
            + "plugins:\n  echo: {}\n");
    GatewayConfig config = ConfigLoader.load(file, Map.of());
    try (Gateway gateway = Gateway.builder(config).build()) {
      List<CompletableFuture<Job>> done = new ArrayList<>(count);
      long enqueueStart = System.nanoTime();
      List<String> ids = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        ids.add(gateway.enqueue(NewJob.of("echo", "poll", "{}", SubmittedBy.API)).jobId());
      }
      double enqueueRate = count / seconds(enqueueStart);
      long start = System.nanoTime();
      gateway.start();
      for (String id : ids) {
        done.add(gateway.await(id));
      }
      for (CompletableFuture<Job> future : done) {
        Job job = future.get(10, TimeUnit.MINUTES);
        if (job.status() != JobStatus.SUCCEEDED) {
          throw new IllegalStateException("job " + job.id() + " " + job.lastError());
        }
      }
      double rate = count / seconds(start);
      if (count >= 1000) {
        System.out.printf("  (durable enqueue alone: %.0f jobs/s)%n", enqueueRate);
      }
      return rate;
    } finally {
      deleteTree(dir);
    }
  }

  /** Starts the real daemon jar, times it to its ready line, then reads its idle RSS. */
  static void daemonFootprint(Path jar, Path plugins) throws Exception {
    Path dir = Files.createTempDirectory("gw-bench-daemon");
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./state.db}\nplugins_dir: " + plugins + "\nplugins:\n  echo: {}\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m", "-XX:MaxMetaspaceSize=128m",
        "-Xss512k", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "start", "--config",
        file.toString()));
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.contains("\"ready")) {
          break;
        }
      }
      double ready = seconds(start);
      new ProcessBuilder("sleep", "5").inheritIO().start().waitFor();
      String rss =
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
              .filter(l -> l.startsWith("VmRSS"))
              .findFirst()
              .orElse("VmRSS: unknown");
      System.out.printf(
          "daemon: ready after %.2f s; idle %s (launcher JVM flags)%n", ready,
          rss.replaceAll("\\s+", " "));
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      deleteTree(dir);
    }
  }

  private static double seconds(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toNanos() / 1e9;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
