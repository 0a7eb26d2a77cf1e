package dev.senechal.gw.bench;

import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Prints what one HTTP API client sees from the real engine on loopback: sequential {@code POST
 * /api/trigger} requests (each a durable enqueue, {@code synchronous=FULL}) per second with their
 * latency percentiles, then the round trip of {@code ?wait=30s} for one echo job on an idle queue.
 * Figures, not assertions: the machines are shared and noisy.
 *
 * <p>Usage: {@code bench/run-api [requests]} (default 500).
 */
public final class ApiBenchmark {
  private static final String KEY = "bench-key-0123456789";

  private ApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Path repo = Path.of(System.getProperty("senechal.repo", ".")).toAbsolutePath().normalize();
    Path dir = Files.createTempDirectory("gw-api-bench");
    Path file =
        BenchFiles.echoConfig(dir, repo.resolve("plugins"),
            "api:\n  listen: 127.0.0.1:0\n  tokens:\n"
                + "    - {name: bench, key: " + KEY + ", scopes: [\"trigger:echo\"]}\n");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (Gateway gateway = Gateway.builder(ConfigLoader.load(file, Map.of())).build()) {
      gateway.start();
      URI trigger =
          URI.create("http://127.0.0.1:" + gateway.apiPort().orElseThrow() + "/api/trigger/echo/poll");
      System.out.printf("API benchmark: %d sequential triggers of echo poll, one client%n", requests);
      run(http, trigger, 50, 202); // warm-up
      long started = System.nanoTime();
      long[] took = run(http, trigger, requests, 202);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "trigger (no wait): %.0f requests/s; latency p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
          requests / seconds, ms(took, 0.50), ms(took, 0.95), ms(took, 1.0));
      while (gateway.jobs().depth() > 0) {
        Thread.sleep(200);
      }
      URI waiting = URI.create(trigger + "?wait=30s");
      long[] waited = run(http, waiting, 30, 200);
      System.out.printf(
          "trigger ?wait=30s, one echo job, idle queue: p50 %.0f ms, max %.0f ms%n",
          ms(waited, 0.50), ms(waited, 1.0));
    }
  }

  private static long[] run(HttpClient http, URI uri, int count, int expected) throws Exception {
    long[] took = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer " + KEY)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      took[i] = System.nanoTime() - start;
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            "expected " + expected + ", got " + response.statusCode() + ": " + response.body());
      }
    }
    Arrays.sort(took);
    return took;
  }

  private static double ms(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length));
    return sorted[index] / 1e6;
  }
}
