package dev.senechal.gw.bench;

import dev.senechal.gw.dispatch.Dispatcher;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints how many signed webhook deliveries per second the gateway accepts durably (verified,
 * stored with their delivery id in SQLite at {@code synchronous=FULL}, answered 202 only after
 * the commit) over 4 concurrent connections, beside a bare Javalin endpoint that reads the body and
 * answers 202 without verifying or storing anything, measured alternately in the same run; then
 * the ratio and the latency percentiles of a durable 202. The gateway is the real engine built
 * from a config file, with its dispatcher replaced by one that never claims, so plugin runs do
 * not compete for the CPU. Figures, not assertions: the machines are shared and noisy.
 *
 * <p>Usage: {@code bench/webhooks [deliveries]} (default 5000 per round).
 */
public final class WebhookBenchmark {
  static final int CONNECTIONS = 4;
  static final String SECRET = "bench-secret";

  private WebhookBenchmark() {}

  public static void main(String[] args) throws Exception {
    int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Path repo = Path.of(System.getProperty("senechal.repo", ".")).toAbsolutePath().normalize();
    System.out.printf(
        "webhook benchmark: %d signed deliveries per round over %d connections%n",
        deliveries, CONNECTIONS);
    Javalin bare = bare();
    Path dir = Files.createTempDirectory("gw-bench-webhooks");
    try (Gateway gateway = gateway(repo, dir)) {
      int gatewayPort = gateway.webhooksPort().orElseThrow();
      int barePort = bare.port();
      send(barePort, "warm", 2000); // warm-up: JIT, connections, SQLite pages
      send(gatewayPort, "warm", 2000);
      List<Double> bareRates = new ArrayList<>();
      List<Double> gatewayRates = new ArrayList<>();
      long[] allLatencies = new long[0];
      for (int round = 1; round <= 3; round++) {
        Result b = send(barePort, "bare-" + round, deliveries);
        Result g = send(gatewayPort, "round-" + round, deliveries);
        bareRates.add(b.rate());
        gatewayRates.add(g.rate());
        allLatencies = concat(allLatencies, g.latenciesNanos());
        System.out.printf(
            "round %d: bare Javalin %.0f/s, gateway %.0f durable/s, ratio %.1f%%;"
                + " gateway p50 %.2f ms, p99 %.2f ms (bare p99 %.2f ms); statuses %s%n",
            round, b.rate(), g.rate(), 100 * g.rate() / b.rate(),
            percentile(g.latenciesNanos(), 50), percentile(g.latenciesNanos(), 99),
            percentile(b.latenciesNanos(), 99), g.statuses());
      }
      double bareBest = bareRates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      double gatewayBest = gatewayRates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      System.out.printf(
          "best: bare %.0f/s, gateway %.0f durable/s, ratio %.1f%% (target >= 25%%);"
              + " durable 202 over all rounds: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
              + " (target p99 < 20 ms)%n",
          bareBest, gatewayBest, 100 * gatewayBest / bareBest,
          percentile(allLatencies, 50), percentile(allLatencies, 99),
          percentile(allLatencies, 100));
      System.out.printf(
          "jobs stored: %d (expected %d)%n",
          gateway.jobs().depth(), 2000 + 3L * deliveries);
    } finally {
      bare.stop();
      BenchFiles.deleteTree(dir);
    }
  }

  /** What a bare endpoint costs: Jetty, Javalin, reading the body, a 202 with a job id. */
  private static Javalin bare() {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
            });
    app.post(
        "/hook/bench",
        ctx -> {
          ctx.bodyAsBytes();
          ctx.status(202)
              .contentType("application/json")
              .result("{\"job_id\":\"" + UUID.randomUUID() + "\"}");
        });
    return app.start("127.0.0.1", 0);
  }

  private static Gateway gateway(Path repo, Path dir) throws IOException {
    Path file =
        BenchFiles.echoConfig(dir, repo.resolve("plugins"),
            "webhooks:\n  listen: 127.0.0.1:0\n  endpoints:\n"
                + "    - {path: /hook/bench, plugin: echo, secret: " + SECRET
                + ", scheme: github}\n");
    GatewayConfig config = ConfigLoader.load(file, Map.of());
    Gateway gateway =
        Gateway.builder(config)
            .override(binder -> binder.bind(Dispatcher.class).toInstance(new IdleDispatcher()))
            .build();
    gateway.start();
    return gateway;
  }

  record Result(double rate, long[] latenciesNanos, Map<Integer, Integer> statuses) {}

  /** Posts {@code count} signed deliveries over {@link #CONNECTIONS} connections. */
  private static Result send(int port, String prefix, int count) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + "/hook/bench");
    List<HttpRequest> requests = new ArrayList<>(count);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    for (int n = 0; n < count; n++) {
      // The prefix is in the body too: replays are keyed on the signature, so rounds that sent
      // the same bodies again would be answered 200 without a write.
      String body =
          "{\"action\":\"opened\",\"delivery\":\"" + prefix + "-" + n + "\",\"number\":" + n
              + ",\"repository\":{\"full_name\":\"o/r\"}}";
      String signature =
          HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
      requests.add(
          HttpRequest.newBuilder(uri)
              .header("X-Hub-Signature-256", "sha256=" + signature)
              .header("X-GitHub-Delivery", prefix + "-" + n)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build());
    }
    long[] latencies = new long[count];
    Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
    long start = System.nanoTime();
    try {
      List<Future<?>> connections = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        connections.add(
            senders.submit(
                () -> {
                  HttpClient http =
                      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                  for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> response =
                        http.send(requests.get(n), HttpResponse.BodyHandlers.ofString());
                    latencies[n] = System.nanoTime() - t0;
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                  }
                  return null;
                }));
      }
      for (Future<?> connection : connections) {
        connection.get();
      }
    } finally {
      senders.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(count / seconds, latencies, new java.util.TreeMap<>(statuses));
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Never claims: the benchmark measures taking deliveries in, not running them. */
  private static final class IdleDispatcher implements Dispatcher {
    @Override
    public void start() {}

    @Override
    public boolean runOnce() {
      return false;
    }

    @Override
    public void stop(Duration grace) {}

    @Override
    public void close() {}
  }
}
