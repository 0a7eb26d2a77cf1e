package dev.senechal.gw.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the dispatcher of several builds in ONE JVM: each build's classes in a class loader of
 * its own, their gateway blocks interleaved with raw spawn blocks (rotating which build goes
 * first), so every build sees the same machine. Separate runs of {@code bench/run} differ by
 * several points on a shared machine; this tells a 0.05 ms change from noise.
 *
 * <p>Usage: {@code bench/compare REV...} builds each revision in a worktree and runs this; the
 * arguments here are {@code jobsPerBlock blocks checkoutDir...}, each directory built with {@code
 * bench/run}'s command (its {@code gw-bench/target/classpath.txt} present).
 */
public final class CompareDispatch {
  private static final int WARM_UP_JOBS = 3000;
  private static final int WARM_UP_RAW = 500;

  private CompareDispatch() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: CompareDispatch jobsPerBlock blocks checkoutDir... (bench/compare runs it)");
    }
    int block = Integer.parseInt(args[0]);
    int blocks = Integer.parseInt(args[1]);
    List<Path> checkouts = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      checkouts.add(Path.of(args[i]).toAbsolutePath().normalize());
    }
    Path repo = Path.of(System.getProperty("senechal.repo", ".")).toAbsolutePath().normalize();
    Path plugins = repo.resolve("plugins");
    Path echo = plugins.resolve("echo/run.sh");
    List<Method> gateways = new ArrayList<>();
    for (Path checkout : checkouts) {
      gateways.add(gatewayOf(checkout));
    }
    // The raw loop is this build's; the request is the one the daemon would send for a poll.
    byte[] request = DispatchBenchmark.echoRequest();
    Map<String, String> environment = DispatchBenchmark.pluginEnvironment();
    List<String> command = List.of(echo.toString());

    DispatchBenchmark.rawSpawns(command, echo, environment, request, WARM_UP_RAW);
    for (Method gateway : gateways) {
      run(gateway, plugins, WARM_UP_JOBS);
    }
    System.out.printf("compare: %d blocks of %d echo jobs, after %d warm-up jobs per build%n",
        blocks, block, WARM_UP_JOBS);
    double raw = 0;
    double[] seconds = new double[gateways.size()];
    for (int b = 0; b < blocks; b++) {
      raw += block / DispatchBenchmark.rawSpawns(command, echo, environment, request, block);
      for (int i = 0; i < gateways.size(); i++) {
        int k = (i + b) % gateways.size();
        seconds[k] += block / run(gateways.get(k), plugins, block);
      }
    }
    int jobs = blocks * block;
    System.out.printf("  raw ProcessBuilder  %6.3f ms per job%n", 1000 * raw / jobs);
    for (int i = 0; i < checkouts.size(); i++) {
      Path checkout = checkouts.get(i);
      String name = checkout.equals(repo) ? "working tree" : checkout.getFileName().toString();
      System.out.printf("  %-18s  %6.3f ms per job, %.1f%% of raw%n",
          name, 1000 * seconds[i] / jobs, 100 * raw / seconds[i]);
    }
  }

  /** {@code DispatchBenchmark.gateway} of the build in {@code checkout}, in its own loader. */
  private static Method gatewayOf(Path checkout) throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(url(checkout.resolve("gw-bench/target/classes")));
    String classpath = Files.readString(checkout.resolve("gw-bench/target/classpath.txt")).strip();
    for (String entry : classpath.split(":")) {
      urls.add(url(Path.of(entry)));
    }
    ClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    Class<?> benchmark = Class.forName(DispatchBenchmark.class.getName(), true, loader);
    Method gateway = benchmark.getDeclaredMethod("gateway", Path.class, int.class, String.class);
    gateway.setAccessible(true);
    return gateway;
  }

  private static double run(Method gateway, Path plugins, int jobs) throws Exception {
    try {
      return (double) gateway.invoke(null, plugins, jobs, "full");
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static URL url(Path path) throws MalformedURLException {
    return path.toUri().toURL();
  }
}
