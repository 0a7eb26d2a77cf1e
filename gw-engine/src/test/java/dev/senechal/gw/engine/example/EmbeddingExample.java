package dev.senechal.gw.engine.example;

// docs:start
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the gateway inside this program: one plugin, one job, its outcome. */
public final class EmbeddingExample {
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args.length > 0 ? args[0] : ".");
    Path pluginsDir = Path.of(args.length > 1 ? args[1] : "plugins");
    Path configFile = home.resolve("config.yaml");
    Files.writeString(configFile, """
        service:
          shutdown_grace: 10s
        state:
          path: ./data/state.db        # relative to this file
        plugins_dir: %s
        plugins:
          echo: {}
        """.formatted(pluginsDir.toAbsolutePath()));

    // Every problem of the file at once, with its key path, as a ConfigException.
    GatewayConfig config = ConfigLoader.load(configFile, System.getenv());

    try (Gateway gateway = Gateway.builder(config).build()) {
      gateway.start(); // takes the store's lock, recovers crashed jobs, starts the dispatcher

      // Durable once enqueue returns; submit() also hands back the outcome.
      Job job =
          gateway.submit(NewJob.of("echo", "poll", "{}", SubmittedBy.API))
              .get(30, TimeUnit.SECONDS);

      System.out.println(job.id() + " " + job.status().wireName());
      System.out.println("state of echo: " + gateway.states().get("echo"));
      System.out.println("result: " + gateway.jobs().attempts(job.id()).get(0).result());
    } // close(): stops the scheduler and dispatcher within shutdown_grace, releases the lock
  }
}
// docs:end
