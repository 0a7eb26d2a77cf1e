package dev.senechal.gw.queue.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.BreakerTransition;
import dev.senechal.gw.queue.Delivery;
import dev.senechal.gw.queue.PluginInitRecord;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobLogLine;
import dev.senechal.gw.queue.JobNotFoundException;
import dev.senechal.gw.queue.JobNotRetryableException;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.OrphanRecovery;
import dev.senechal.gw.queue.ProcessRef;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.queue.SettleListener;
import dev.senechal.gw.queue.SettleSource;
import dev.senechal.gw.queue.SettledAttempt;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.StaleSettlementException;
import dev.senechal.gw.queue.StateTooLargeException;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.StoreConfig.Synchronous;
import dev.senechal.gw.queue.SubmittedBy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite store: work queue, job log, plugin state, schedule timings, circuit breakers and init outcomes in one
 * database file
 * (SPEC §4). Public only for wiring: the engine gets it through {@code QueueModule}, tests and
 * embedders may {@link #open} it directly.
 *
 * <h2>Connections and transactions</h2>
 *
 * <p>The file runs in WAL mode with {@code foreign_keys=ON} and the configured {@code
 * busy_timeout}. One writer connection does every write, under a lock, and each write is one
 * explicit {@code BEGIN IMMEDIATE … COMMIT} on it, so it waits for the write lock up front (under
 * the busy timeout) instead of failing when a read upgrades to a write. JDBC/Jdbi transactions are
 * not used: sqlite-jdbc begins them with a plain {@code BEGIN}, and when set to {@code IMMEDIATE}
 * it begins the next transaction on every commit, taking the write lock twice per commit. Each
 * connection keeps its prepared statements ({@link CachingStatementBuilder}): preparing costs
 * SQLite more than running the small statements of a job. Reads use a second, query-only
 * connection, which WAL lets read while the writer writes. Another
 * process, such as the CLI, may open the same file: its writes wait for ours up to the busy
 * timeout, and what it commits is seen by our next claim. No statement leaves a result set open, so
 * no read transaction outlives its call and the WAL can always be checkpointed.
 *
 * <h2>Durability: one sync per job, off the dispatcher's thread</h2>
 *
 * <p>Enqueues, state and schedule writes, breaker probes and resets commit at the configured {@code
 * synchronous} level ({@code FULL} by default: the WAL is synced before the call returns, so the
 * write survives power loss). A claim and {@link #recordProcess} commit at {@code NORMAL}, without
 * a sync. So do settles, crash recovery and reload dead letters, but each hands its outcomes to the
 * {@link SettleReporter}, which syncs the WAL ({@code fdatasync}, what a {@code FULL} commit does in
 * WAL mode) on its own thread while the dispatcher claims the next job and spawns its plugin
 * (which gets its request only after {@link #awaitReported}), and only then
 * reports them (log line, settle listeners: breakers, awaiting callers). Settles waiting for one
 * sync share it. {@link #recoverOrphans} and {@link #deadLetterQueued} wait for their report before
 * they return; {@link #settle} does not ({@link #awaitReported} does).
 *
 * <p>Crash semantics. A committed, not yet synced write is visible at once to this process and to
 * others (the next claim sees the previous settle's state), but no plugin gets a request built on
 * it before it is synced, so a settle is never cheaper than durable (SPEC §4). A crash of the
 * daemon loses nothing: the OS holds the WAL frames and writes them out. A power loss or OS crash
 * can lose the unsynced tail of the WAL; WAL frames are only ever valid as a prefix (checksummed,
 * in commit order), so the store stays consistent and simply ends at an earlier commit: a lost
 * settle leaves its job {@code running}, crash recovery re-queues it and it runs again, a lost
 * claim leaves its job {@code queued}: at-least-once either way (SPEC §4). Nothing unsynced was
 * ever reported, and an enqueue never returns unsynced. The next synced commit makes every earlier
 * frame durable too.
 *
 * <h2>One settle path</h2>
 *
 * <p>Every outcome of an attempt, whoever produces it ({@link #settle} for the dispatcher, {@link
 * #recoverOrphans}, {@link #deadLetterQueued}), is written by {@code settleAttempt}: job row,
 * job-log row and, when the settlement is {@linkplain Settlement#countedByBreaker counted}, the
 * circuit breaker, in the caller's transaction; and reported by {@code report}: one log line of one
 * form per outcome, then every {@link SettleListener}, once, in commit order.
 *
 * <h2>Choices made here</h2>
 *
 * <ul>
 *   <li>FIFO: a claim takes the queued job with the earliest {@code runnable_at} (enqueue time,
 *       not-before, retry time or recovery time, never earlier than its enqueue or settle) and
 *       breaks ties by insertion order, not by id.
 *   <li>Dedupe: an enqueue with a dedupe key is a duplicate of a job with the same key that
 *       succeeded within the dedupe TTL, and also of one that is still {@code queued} or {@code
 *       running} (that work is already coming). The key alone decides; callers derive per-target
 *       keys. A hit enqueues nothing, returns the existing id, is logged at INFO and counted
 *       against the existing job ({@link #dedupeHits(String)}).
 *   <li>Children: unique per (parent job, source event id, plugin, command); a child that already
 *       exists is skipped, so a retried parent re-emitting an event cannot create its children
 *       twice. Children are deduplicated like any enqueue.
 *   <li>A settle asking for a retry of a job that has no attempt left dead-letters it.
 *   <li>{@link #recordProcess} for an attempt that is not running is ignored with a WARN: the
 *       settle that follows it is refused anyway (fencing), and throwing there could leave the
 *       plugin process unsupervised.
 *   <li>Crash recovery re-queues a running job with attempt+1; a job with no attempt left goes to
 *       {@code dead} and keeps its attempt number (no further attempt was made).
 *   <li>Enqueue listeners run after the commit, on the calling thread, only when a job was
 *       inserted; a listener that throws is logged and does not fail the enqueue.
 * </ul>
 */
public final class SqliteStore implements QueueStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
  /** WAL pages after which a commit on the writer checkpoints by itself (SQLite's default: 1000). */
  static final int BACKSTOP_CHECKPOINT_PAGES = 8000;

  private final StoreConfig config;
  private final Path path;
  private final Clock clock;
  private final Jdbi jdbi;
  private final Handle writer;
  private final Handle reader;
  private Handle checkpointer; // opened and used by the settle reporter's thread only
  private final Synchronous claimSynchronous;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock readLock = new ReentrantLock();
  private final List<Runnable> enqueueListeners = new CopyOnWriteArrayList<>();
  private final List<SettleListener> settleListeners = new CopyOnWriteArrayList<>();
  /**
   * (plugin, command) pairs known to have no breaker row. Only the daemon counts failures (one per
   * store), and another process (the CLI's reset) only ever removes rows, so a pair stays clean
   * until this process counts a failure for it; a success then costs no breaker read.
   */
  private final Set<String> cleanBreakers = ConcurrentHashMap.newKeySet();
  /**
   * The jobs this store claimed and has not settled yet, as their claim returned them, so the
   * dispatcher's settle need not read the row again. Only the status and attempt of a claimed job
   * can change meanwhile (crash recovery, in another life of the daemon), and the settle's update is
   * guarded by both: a row that is not what the settle expects is refused as stale.
   */
  private final Map<String, Job> claimed = new ConcurrentHashMap<>();
  private final SettleReporter reporter;
  private final PluginStateJson stateJson = new PluginStateJson();
  private Synchronous writerSynchronous; // guarded by writeLock
  private volatile boolean closed;

  private SqliteStore(
      StoreConfig config, Path path, Clock clock, Jdbi jdbi, Handle writer, Handle reader) {
    this.config = config;
    this.jdbi = jdbi;
    this.path = path;
    this.clock = clock;
    this.writer = writer;
    this.reader = reader;
    this.writerSynchronous = config.synchronous();
    this.claimSynchronous =
        config.synchronous() == Synchronous.OFF ? Synchronous.OFF : Synchronous.NORMAL;
    this.reporter =
        new SettleReporter(
            Path.of(path + "-wal"),
            config.synchronous() == Synchronous.FULL,
            this::report,
            this::checkpoint);
  }

  /**
   * Opens (creating when missing, with its directory) and migrates the store at {@code
   * config.path()}.
   *
   * @throws QueueException naming the file when it cannot be opened, is not a database, or has a
   *     schema newer than this code
   */
  public static SqliteStore open(StoreConfig config, Clock clock) {
    requireNonNull(config, "config is null");
    requireNonNull(clock, "clock is null");
    Path path = config.path().toAbsolutePath();
    Handle writer = null;
    Handle reader = null;
    try {
      Path directory = path.getParent();
      if (directory != null) {
        Files.createDirectories(directory);
      }
      SQLiteDataSource dataSource = new SQLiteDataSource();
      dataSource.setUrl("jdbc:sqlite:" + path);
      // No statement asks for generated keys; otherwise the driver prepares and runs a SELECT
      // last_insert_rowid() after every INSERT.
      dataSource.setGetGeneratedKeys(false);
      Jdbi jdbi = Jdbi.create(dataSource);
      jdbi.setStatementBuilderFactory(connection -> new CachingStatementBuilder());
      // Errors name the operation and job themselves; statement arguments (payloads) stay out.
      jdbi.getConfig(StatementExceptions.class)
          .setMessageRendering(StatementExceptions.MessageRendering.NONE);
      writer = jdbi.open();
      configureConnection(writer, config);
      String journalMode =
          writer.createQuery("PRAGMA journal_mode = WAL").mapTo(String.class).one();
      if (!"wal".equalsIgnoreCase(journalMode)) {
        throw new QueueException(
            "the file system does not support WAL (journal mode " + journalMode + ")");
      }
      writer.execute("PRAGMA synchronous = " + config.synchronous().name());
      // The settle reporter checkpoints, off the dispatcher's thread; this is only a backstop for
      // a WAL that grows without settles (a burst of enqueues).
      writer.execute("PRAGMA wal_autocheckpoint = " + BACKSTOP_CHECKPOINT_PAGES);
      SchemaMigrations.migrate(writer, path);
      reader = jdbi.open();
      configureConnection(reader, config);
      reader.execute("PRAGMA query_only = ON");
      log.debug("opened store {} (synchronous={})", path, config.synchronous());
      return new SqliteStore(config, path, clock, jdbi, writer, reader);
    } catch (IOException | RuntimeException e) {
      closeQuietly(reader, e);
      closeQuietly(writer, e);
      String reason = e instanceof QueueException ? e.getMessage() : describe(e);
      throw new QueueException("cannot open store " + path + ": " + reason, rootCause(e));
    }
  }

  private static void configureConnection(Handle handle, StoreConfig config) {
    long busyMillis = Math.min(config.busyTimeout().toMillis(), Integer.MAX_VALUE);
    handle.execute("PRAGMA busy_timeout = " + busyMillis);
    handle.execute("PRAGMA foreign_keys = ON");
  }

  // ---------------------------------------------------------------------------------------------
  // JobQueue

  @Override
  public EnqueueResult enqueue(NewJob job) {
    requireNonNull(job, "job is null");
    return write(
        "enqueue a " + job.command() + " job for plugin " + job.plugin(),
        config.synchronous(),
        tx -> insertJob(tx, job));
  }

  @Override
  public List<EnqueueResult> enqueueDeliveries(List<Delivery> deliveries) {
    List<Delivery> all = List.copyOf(deliveries);
    if (all.isEmpty()) {
      return List.of();
    }
    return write(
        "enqueue " + all.size() + " webhook deliveries",
        config.synchronous(),
        tx -> {
          long since = tx.now - Delivery.REPLAY_WINDOW.toMillis();
          List<EnqueueResult> results = new ArrayList<>(all.size());
          for (Delivery delivery : all) {
            Optional<String> original = Optional.empty();
            for (String id : delivery.ids()) {
              original =
                  tx.handle
                      .createQuery(StoreSql.FIND_DELIVERY)
                      .bind("endpoint", delivery.endpoint())
                      .bind("deliveryId", id)
                      .bind("since", since)
                      .mapTo(String.class)
                      .findFirst();
              if (original.isPresent()) {
                break;
              }
            }
            if (original.isPresent()) {
              results.add(new EnqueueResult(original.get(), true));
              continue;
            }
            EnqueueResult result = insertJob(tx, delivery.job());
            for (String id : delivery.ids()) {
              tx.handle
                  .createUpdate(StoreSql.PUT_DELIVERY)
                  .bind("endpoint", delivery.endpoint())
                  .bind("deliveryId", id)
                  .bind("jobId", result.jobId())
                  .bind("now", tx.now)
                  .execute();
            }
            results.add(result);
          }
          return results;
        });
  }

  @Override
  public Optional<Job> claimNext() {
    return write(
        "claim the next job",
        claimSynchronous,
        // list(), not findFirst(): an UPDATE … RETURNING must be stepped to its end, or the
        // statement stays active and holds the transaction (and so the WAL) open.
        tx ->
            tx.handle
                .createQuery(StoreSql.CLAIM_NEXT)
                .bind("now", tx.now)
                .map(JobRows.JOB)
                .list()
                .stream()
                .findFirst()
                .map(
                    job -> {
                      tx.afterCommit(() -> claimed.put(job.id(), job));
                      return job;
                    }));
  }

  @Override
  public Optional<Job> peekNext() {
    long now = clock.millis();
    return read(
        "look at the next job",
        handle ->
            handle
                .createQuery(StoreSql.PEEK_NEXT)
                .bind("now", now)
                .map(JobRows.JOB)
                .findFirst());
  }

  @Override
  public void recordProcess(String jobId, int attempt, ProcessRef process) {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(process, "process is null");
    write(
        "record the process of job " + jobId,
        claimSynchronous,
        tx -> {
          int updated =
              tx.handle
                  .createUpdate(StoreSql.RECORD_PROCESS)
                  .bind("id", jobId)
                  .bind("attempt", attempt)
                  .bind("pid", process.pid())
                  .bind("processGroupId", process.processGroupId())
                  .bind("startedAt", process.startedAt().toEpochMilli())
                  .execute();
          if (updated == 0) {
            tx.afterCommit(
                () ->
                    log.warn(
                        "ignored process {} of job {} attempt {}: that attempt is not running",
                        process.pid(),
                        jobId,
                        attempt));
          }
          return null;
        });
  }

  @Override
  public Job settle(Settlement settlement) {
    requireNonNull(settlement, "settlement is null");
    String jobId = settlement.jobId();
    return write(
        "settle job " + jobId + " attempt " + settlement.attempt(),
        claimSynchronous, // synced and reported by the settle reporter
        tx -> {
          Job job = claimed.remove(jobId);
          if (job == null || job.attempt() != settlement.attempt()) {
            job = findJob(tx.handle, jobId).orElse(null);
            if (job == null) {
              throw new StaleSettlementException(jobId, settlement.attempt(), "missing");
            }
          }
          if (job.status() != JobStatus.RUNNING || job.attempt() != settlement.attempt()) {
            throw new StaleSettlementException(
                jobId,
                settlement.attempt(),
                job.status().wireName() + " at attempt " + job.attempt());
          }
          if (settlement.stateUpdates() != null) {
            mergeState(
                tx,
                job.plugin(),
                settlement.stateUpdates(),
                settlement.stateReplace(),
                "state_updates of job " + jobId);
          }
          boolean retry = settlement.retryAt() != null;
          Outcome outcome;
          if (retry && job.attempt() < job.maxAttempts()) {
            long runnableAt = Math.max(tx.now, settlement.retryAt().toEpochMilli());
            outcome =
                Outcome.requeued(
                    SettleSource.DISPATCH, settlement.outcome(), runnableAt,
                    settlement.lastError(), settlement.lastError());
          } else if (retry) {
            String error =
                "dead after "
                    + job.attempt()
                    + " of "
                    + job.maxAttempts()
                    + " attempts: "
                    + settlement.lastError();
            outcome =
                Outcome.finished(
                    SettleSource.DISPATCH, settlement.outcome(), JobStatus.DEAD, error,
                    settlement.lastError());
          } else {
            outcome =
                Outcome.finished(
                    SettleSource.DISPATCH, settlement.outcome(), settlement.outcome(),
                    settlement.lastError(), settlement.lastError());
          }
          Job settled =
              settleAttempt(
                  tx, job, outcome.with(settlement.log(), settlement.breakerThreshold()));
          for (NewJob child : settlement.children()) {
            insertJob(tx, child);
          }
          return settled;
        });
  }

  @Override
  public List<Job> running() {
    return read(
        "list running jobs",
        handle -> handle.createQuery(StoreSql.RUNNING).map(JobRows.JOB).list());
  }

  @Override
  public List<OrphanRecovery> recoverOrphans() {
    List<OrphanRecovery> recovered =
        write(
            "recover orphaned jobs",
            claimSynchronous, // synced and reported by the settle reporter, awaited below
            tx -> {
              List<Job> orphans = tx.handle.createQuery(StoreSql.RUNNING).map(JobRows.JOB).list();
              List<OrphanRecovery> result = new ArrayList<>(orphans.size());
              for (Job job : orphans) {
                int attempt = job.attempt();
                String crash = "the daemon stopped while attempt " + attempt + " was running";
                Outcome outcome;
                if (attempt < job.maxAttempts()) {
                  outcome =
                      Outcome.requeued(
                          SettleSource.RECOVERY, JobStatus.FAILED, tx.now,
                          "recovered after " + crash, crash);
                } else {
                  outcome =
                      Outcome.finished(
                          SettleSource.RECOVERY, JobStatus.FAILED, JobStatus.DEAD,
                          "dead: " + crash + ", the last of " + job.maxAttempts() + " attempts",
                          crash);
                }
                // Not counted by the circuit breaker: the daemon, not the plugin, ended it.
                Job settled = settleAttempt(tx, job, outcome.with(AttemptLog.EMPTY, 0));
                result.add(new OrphanRecovery(job, settled.status(), settled.attempt()));
              }
              return List.copyOf(result);
            });
    awaitReported();
    return recovered;
  }

  @Override
  public List<Job> deadLetterQueued(String plugin, String reason) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(reason, "reason is null");
    List<Job> dead =
        write(
            "dead-letter the queued jobs of plugin " + plugin,
            claimSynchronous, // synced and reported by the settle reporter, awaited below
            tx -> {
              List<Job> queued =
                  tx.handle
                      .createQuery(StoreSql.QUEUED_OF_PLUGIN)
                      .bind("plugin", plugin)
                      .map(JobRows.JOB)
                      .list();
              List<Job> result = new ArrayList<>(queued.size());
              for (Job job : queued) {
                Outcome outcome =
                    Outcome.finished(
                        SettleSource.RELOAD, JobStatus.DEAD, JobStatus.DEAD, reason, reason);
                // Not counted by the circuit breaker: the plugin never ran.
                result.add(settleAttempt(tx, job, outcome.with(AttemptLog.EMPTY, 0)));
              }
              return List.copyOf(result);
            });
    awaitReported();
    return dead;
  }

  @Override
  public Optional<Job> find(String jobId) {
    requireNonNull(jobId, "jobId is null");
    return read("find job " + jobId, handle -> findJob(handle, jobId));
  }

  @Override
  public List<Job> list(JobQuery query) {
    requireNonNull(query, "query is null");
    return read(
        "list jobs",
        handle -> {
          Query select = handle.createQuery(StoreSql.LIST_JOBS).bind("limit", query.limit());
          List<String> conditions = new ArrayList<>(2);
          if (query.status() != null) {
            conditions.add("status = :status");
            select.bind("status", query.status().wireName());
          }
          if (query.plugin() != null) {
            conditions.add("plugin = :plugin");
            select.bind("plugin", query.plugin());
          }
          String filter = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
          return select.define("filter", filter).map(JobRows.JOB).list();
        });
  }

  @Override
  public List<JobLogEntry> attempts(String jobId) {
    requireNonNull(jobId, "jobId is null");
    return read(
        "read the job log of job " + jobId,
        handle ->
            handle
                .createQuery(StoreSql.ATTEMPTS)
                .bind("jobId", jobId)
                .map(JobRows.JOB_LOG_ENTRY)
                .list());
  }

  @Override
  public int countOutstanding(String plugin, String command) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    return read(
        "count outstanding " + command + " jobs of plugin " + plugin,
        handle ->
            handle
                .createQuery(StoreSql.COUNT_OUTSTANDING)
                .bind("plugin", plugin)
                .bind("command", command)
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public int depth() {
    return read(
        "count queued and running jobs",
        handle -> handle.createQuery(StoreSql.DEPTH).mapTo(Integer.class).one());
  }

  @Override
  public Map<JobStatus, Integer> countByStatus() {
    return read(
        "count jobs by status",
        handle -> {
          Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
          handle
              .createQuery(StoreSql.COUNT_BY_STATUS)
              .map((rs, ctx) -> Map.entry(JobStatus.fromWireName(rs.getString("status")),
                  rs.getInt("jobs")))
              .forEach(e -> counts.put(e.getKey(), e.getValue()));
          return counts;
        });
  }

  @Override
  public List<JobLogLine> jobLogTail(String plugin, int limit) {
    checkLimit(limit);
    List<JobLogLine> newestFirst =
        read(
            "read the job log",
            handle ->
                handle
                    .createQuery(StoreSql.JOB_LOG_TAIL)
                    .bind("plugin", plugin)
                    .bind("limit", limit)
                    .map(JobRows.JOB_LOG_LINE)
                    .list());
    List<JobLogLine> oldestFirst = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  @Override
  public List<JobLogLine> jobLogAfter(String plugin, long afterId, int limit) {
    checkLimit(limit);
    return read(
        "read the job log after row " + afterId,
        handle ->
            handle
                .createQuery(StoreSql.JOB_LOG_AFTER)
                .bind("plugin", plugin)
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(JobRows.JOB_LOG_LINE)
                .list());
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  @Override
  public List<Job> children(String parentJobId) {
    requireNonNull(parentJobId, "parentJobId is null");
    return read(
        "list the children of job " + parentJobId,
        handle ->
            handle
                .createQuery(StoreSql.CHILDREN)
                .bind("parentJobId", parentJobId)
                .map(JobRows.JOB)
                .list());
  }

  @Override
  public Job retry(String jobId, String payload, SubmittedBy submittedBy) {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(submittedBy, "submittedBy is null");
    String newPayload =
        payload == null
            ? null
            : PluginStateJson.text(
                stateJson.normalize(payload, "the payload of the retry of job " + jobId));
    return write(
        "retry job " + jobId,
        config.synchronous(),
        tx -> {
          Job job = findJob(tx.handle, jobId).orElseThrow(() -> new JobNotFoundException(jobId));
          if (!job.status().isRetryable()) {
            throw new JobNotRetryableException(
                jobId,
                job.status(),
                "it is "
                    + job.status().wireName()
                    + "; only failed, timed_out and dead jobs can be retried");
          }
          Optional<Job> earlier = retries(tx.handle, jobId).stream().findFirst();
          if (earlier.isPresent()) {
            throw new JobNotRetryableException(
                jobId,
                job.status(),
                "it was already retried as job "
                    + earlier.get().id()
                    + " ("
                    + earlier.get().status().wireName()
                    + "); retry that job instead");
          }
          NewJob replay =
              NewJob.of(
                      job.plugin(),
                      job.command(),
                      newPayload == null ? job.payload() : newPayload,
                      submittedBy)
                  .withMaxAttempts(job.maxAttempts())
                  .withContext(job.context())
                  .withRetryOf(jobId);
          String id = insertJob(tx, replay).jobId();
          Job retried = findJob(tx.handle, id).orElseThrow();
          tx.afterCommit(
              () ->
                  log.info(
                      "job {} of plugin {} ({}, {}) retried as job {}",
                      jobId,
                      job.plugin(),
                      job.command(),
                      job.status().wireName(),
                      id));
          return retried;
        });
  }

  @Override
  public List<Job> retries(String jobId) {
    requireNonNull(jobId, "jobId is null");
    return read("list the retries of job " + jobId, handle -> retries(handle, jobId));
  }

  @Override
  public Optional<Instant> nextDueAt() {
    Long millis =
        read(
            "find the next due job",
            handle -> handle.createQuery(StoreSql.NEXT_DUE_AT).mapTo(Long.class).one());
    return Optional.ofNullable(millis).map(Instant::ofEpochMilli);
  }

  @Override
  public int pruneJobLog(Instant cutoff) {
    requireNonNull(cutoff, "cutoff is null");
    long cutoffMillis = cutoff.toEpochMilli();
    int pruned =
        write(
            "prune the job log before " + cutoff,
            claimSynchronous,
            tx -> {
              tx.handle
                  .createUpdate(StoreSql.PRUNE_DEDUPE_HITS)
                  .bind("cutoff", cutoffMillis)
                  .execute();
              tx.handle
                  .createUpdate(StoreSql.PRUNE_DELIVERIES)
                  .bind("cutoff", tx.now - Delivery.REPLAY_WINDOW.toMillis())
                  .execute();
              return tx.handle
                  .createUpdate(StoreSql.PRUNE_JOB_LOG)
                  .bind("cutoff", cutoffMillis)
                  .execute();
            });
    log.debug("pruned {} job log rows completed before {}", pruned, cutoff);
    return pruned;
  }

  @Override
  public void addSettleListener(SettleListener listener) {
    settleListeners.add(requireNonNull(listener, "listener is null"));
  }

  @Override
  public void awaitReported() {
    reporter.awaitReported();
  }

  @Override
  public void addEnqueueListener(Runnable listener) {
    enqueueListeners.add(requireNonNull(listener, "listener is null"));
  }

  @Override
  public long dedupeHits(String jobId) {
    requireNonNull(jobId, "jobId is null");
    return read(
        "count dedupe hits of job " + jobId,
        handle ->
            handle
                .createQuery(StoreSql.DEDUPE_HITS_OF_JOB)
                .bind("jobId", jobId)
                .mapTo(Long.class)
                .one());
  }

  @Override
  public long dedupeHits() {
    return read(
        "count dedupe hits",
        handle -> handle.createQuery(StoreSql.DEDUPE_HITS_TOTAL).mapTo(Long.class).one());
  }

  // ---------------------------------------------------------------------------------------------
  // StateStore

  @Override
  public String get(String plugin) {
    requireNonNull(plugin, "plugin is null");
    return read(
            "read the state of plugin " + plugin,
            handle ->
                handle
                    .createQuery(StoreSql.GET_STATE)
                    .bind("plugin", plugin)
                    .mapTo(String.class)
                    .findFirst())
        .orElse("{}");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException {@code stateJson} is not one JSON object
   * @throws StateTooLargeException it is over the state cap
   */
  @Override
  public void replace(String plugin, String stateJson) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(stateJson, "stateJson is null");
    byte[] state = this.stateJson.normalize(stateJson, "the new state of plugin " + plugin);
    write(
        "replace the state of plugin " + plugin,
        config.synchronous(),
        tx -> {
          putState(tx, plugin, state);
          return null;
        });
  }

  @Override
  public void merge(String plugin, String updatesJson, boolean replace) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(updatesJson, "updatesJson is null");
    write(
        "merge state updates into the state of plugin " + plugin,
        config.synchronous(),
        tx -> {
          mergeState(tx, plugin, updatesJson, replace, "the state_updates of plugin " + plugin);
          return null;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // ScheduleStore

  @Override
  public Optional<ScheduleEntry> find(String plugin, String schedule) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(schedule, "schedule is null");
    return read(
        "read schedule " + schedule + " of plugin " + plugin,
        handle ->
            handle
                .createQuery(StoreSql.FIND_SCHEDULE)
                .bind("plugin", plugin)
                .bind("schedule", schedule)
                .map(JobRows.SCHEDULE_ENTRY)
                .findFirst());
  }

  @Override
  public void setNextRun(String plugin, String schedule, Instant nextRun) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(nextRun, "nextRun is null");
    write(
        "store the next run of schedule " + schedule + " of plugin " + plugin,
        config.synchronous(),
        tx ->
            tx.handle
                .createUpdate(StoreSql.SET_NEXT_RUN)
                .bind("plugin", plugin)
                .bind("schedule", schedule)
                .bind("nextRun", nextRun.toEpochMilli())
                .execute());
  }

  @Override
  public Optional<EnqueueResult> fire(
      String plugin, String schedule, Instant firedAt, Instant nextRun, NewJob job) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(firedAt, "firedAt is null");
    requireNonNull(nextRun, "nextRun is null");
    return write(
        "fire schedule " + schedule + " of plugin " + plugin,
        config.synchronous(),
        tx -> {
          Optional<EnqueueResult> result = Optional.ofNullable(job).map(j -> insertJob(tx, j));
          tx.handle
              .createUpdate(StoreSql.FIRE_SCHEDULE)
              .bind("plugin", plugin)
              .bind("schedule", schedule)
              .bind("lastRun", firedAt.toEpochMilli())
              .bind("nextRun", nextRun.toEpochMilli())
              .execute();
          return result;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // BreakerStore

  @Override
  public Optional<BreakerState> breaker(String plugin, String command) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    return read(
        "read the circuit breaker of " + plugin + " " + command,
        handle -> findBreaker(handle, plugin, command));
  }

  @Override
  public List<BreakerState> breakers() {
    return read(
        "list the circuit breakers",
        handle -> handle.createQuery(StoreSql.LIST_BREAKERS).map(JobRows.BREAKER_STATE).list());
  }

  @Override
  public BreakerTransition updateBreaker(
      String plugin, String command, UnaryOperator<BreakerState> change) {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    requireNonNull(change, "change is null");
    return write(
        "update the circuit breaker of " + plugin + " " + command,
        config.synchronous(),
        tx -> {
          BreakerState before =
              findBreaker(tx.handle, plugin, command)
                  .orElseGet(() -> BreakerState.closed(plugin, command));
          BreakerState after = requireNonNull(change.apply(before), "the changed breaker is null");
          if (!after.plugin().equals(plugin) || !after.command().equals(command)) {
            throw new IllegalArgumentException(
                "a change of the breaker of " + plugin + " " + command + " returned another one");
          }
          if (!after.isClean()) {
            cleanBreakers.remove(plugin + '\u0000' + command);
          }
          storeBreaker(tx, before, after);
          return new BreakerTransition(before, after);
        });
  }

  @Override
  public List<BreakerState> resetBreakers(String plugin, String command) {
    requireNonNull(plugin, "plugin is null");
    return write(
        "reset the circuit breakers of " + plugin + (command == null ? "" : " " + command),
        config.synchronous(),
        tx -> {
          List<BreakerState> before;
          if (command == null) {
            before =
                tx.handle
                    .createQuery(StoreSql.BREAKERS_OF_PLUGIN)
                    .bind("plugin", plugin)
                    .map(JobRows.BREAKER_STATE)
                    .list();
            tx.handle
                .createUpdate(StoreSql.DELETE_BREAKERS_OF_PLUGIN)
                .bind("plugin", plugin)
                .execute();
          } else {
            before = findBreaker(tx.handle, plugin, command).stream().toList();
            tx.handle
                .createUpdate(StoreSql.DELETE_BREAKER)
                .bind("plugin", plugin)
                .bind("command", command)
                .execute();
          }
          return List.copyOf(before);
        });
  }

  private static Optional<BreakerState> findBreaker(Handle handle, String plugin, String command) {
    return handle
        .createQuery(StoreSql.FIND_BREAKER)
        .bind("plugin", plugin)
        .bind("command", command)
        .map(JobRows.BREAKER_STATE)
        .findFirst();
  }

  // ---------------------------------------------------------------------------------------------
  // PluginInitStore

  @Override
  public Optional<PluginInitRecord> pluginInit(String plugin) {
    requireNonNull(plugin, "plugin is null");
    return read(
        "read the init outcome of plugin " + plugin,
        handle ->
            handle
                .createQuery(StoreSql.FIND_PLUGIN_INIT)
                .bind("plugin", plugin)
                .map(JobRows.PLUGIN_INIT)
                .findFirst());
  }

  @Override
  public List<PluginInitRecord> pluginInits() {
    return read(
        "list the init outcomes of the plugins",
        handle -> handle.createQuery(StoreSql.LIST_PLUGIN_INITS).map(JobRows.PLUGIN_INIT).list());
  }

  @Override
  public void recordPluginInit(PluginInitRecord record) {
    requireNonNull(record, "record is null");
    write(
        "store the init outcome of plugin " + record.plugin(),
        config.synchronous(),
        tx ->
            tx.handle
                .createUpdate(StoreSql.PUT_PLUGIN_INIT)
                .bind("plugin", record.plugin())
                .bind("fingerprint", record.fingerprint())
                .bind("ranAt", record.ranAt().toEpochMilli())
                .bind("status", record.succeeded() ? "succeeded" : "failed")
                .bind("error", record.error())
                .bind("now", tx.now)
                .execute());
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** The database file. */
  public Path path() {
    return path;
  }

  @Override
  public void close() {
    // Sync and report every settle first; no settle can commit once the dispatcher has stopped.
    reporter.close();
    if (checkpointer != null) {
      try {
        checkpointer.close();
      } catch (RuntimeException e) {
        log.debug("closing the checkpoint connection of {} failed", path, e);
      }
    }
    writeLock.lock();
    readLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      RuntimeException failure = null;
      for (Handle handle : List.of(reader, writer)) {
        try {
          handle.close();
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw new QueueException("cannot close store " + path + ": " + describe(failure), failure);
      }
      log.debug("closed store {}", path);
    } finally {
      readLock.unlock();
      writeLock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Transactions

  /** One write transaction: its handle, its time, and what to do once it committed. */
  private static final class Tx {
    final Handle handle;
    final long now;
    final List<Runnable> afterCommit = new ArrayList<>();
    final List<SettledAttempt> settled = new ArrayList<>();
    boolean enqueued;

    Tx(Handle handle, long now) {
      this.handle = handle;
      this.now = now;
    }

    void afterCommit(Runnable action) {
      afterCommit.add(action);
    }
  }

  @FunctionalInterface
  private interface TxBody<T> {
    T apply(Tx tx);
  }

  /**
   * Runs {@code body} in one {@code BEGIN IMMEDIATE … COMMIT} on the writer connection, at the
   * given {@code synchronous} level; rolls back on any exception. After the commit, and outside the
   * lock, runs the transaction's after-commit actions and, when it inserted jobs, the enqueue
   * listeners.
   */
  private <T> T write(String operation, Synchronous synchronous, TxBody<T> body) {
    Tx tx;
    T result;
    writeLock.lock();
    try {
      checkOpen();
      if (writerSynchronous != synchronous) {
        writer.execute("PRAGMA synchronous = " + synchronous.name());
        writerSynchronous = synchronous;
      }
      tx = new Tx(writer, clock.millis());
      writer.execute("BEGIN IMMEDIATE");
      try {
        result = body.apply(tx);
        writer.execute("COMMIT");
      } catch (RuntimeException e) {
        rollback(writer, e);
        throw e;
      }
    } catch (JdbiException e) {
      throw new QueueException(
          "cannot " + operation + " in " + path + ": " + describe(e), rootCause(e));
    } finally {
      writeLock.unlock();
    }
    tx.afterCommit.forEach(Runnable::run);
    if (!tx.settled.isEmpty()) {
      reporter.submit(tx.settled);
    }
    if (tx.enqueued) {
      notifyEnqueueListeners();
    }
    return result;
  }

  private <T> T read(String operation, Function<Handle, T> body) {
    readLock.lock();
    try {
      checkOpen();
      return body.apply(reader);
    } catch (JdbiException e) {
      throw new QueueException(
          "cannot " + operation + " in " + path + ": " + describe(e), rootCause(e));
    } finally {
      readLock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new QueueException("store " + path + " is closed");
    }
  }

  private void notifyEnqueueListeners() {
    for (Runnable listener : enqueueListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("an enqueue listener failed; the enqueue itself is committed", e);
      }
    }
  }

  /** Rolls back the open transaction, keeping a failure to do so with {@code failure}. */
  static void rollback(Handle handle, RuntimeException failure) {
    try {
      handle.execute("ROLLBACK");
    } catch (RuntimeException e) {
      // SQLite already rolled back by itself (e.g. after a disk error) or BEGIN never ran.
      failure.addSuppressed(e);
    }
  }

  /** SQLite's own message for a failure, without statement arguments (they may hold payloads). */
  static String describe(Throwable failure) {
    Throwable cause = rootCause(failure);
    String message = cause.getMessage();
    if (cause instanceof SQLException && message != null) {
      return message;
    }
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The {@link SQLException} (or I/O error) behind a Jdbi failure, else the failure itself. */
  static Throwable rootCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException || t instanceof IOException) {
        return t;
      }
    }
    return failure;
  }

  private static void closeQuietly(Handle handle, Exception failure) {
    if (handle != null) {
      try {
        handle.close();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Statements inside a write transaction

  private Optional<Job> findJob(Handle handle, String jobId) {
    return handle.createQuery(StoreSql.FIND_JOB).bind("id", jobId).map(JobRows.JOB).findFirst();
  }

  private static List<Job> retries(Handle handle, String jobId) {
    return handle.createQuery(StoreSql.RETRIES).bind("jobId", jobId).map(JobRows.JOB).list();
  }

  /** The enqueue itself: dedupe check, child uniqueness, insert. */
  private EnqueueResult insertJob(Tx tx, NewJob job) {
    if (job.dedupeKey() != null) {
      Optional<String> existing =
          tx.handle
              .createQuery(StoreSql.FIND_DEDUPE_MATCH)
              .bind("dedupeKey", job.dedupeKey())
              .bind("since", tx.now - config.dedupeTtl().toMillis())
              .mapTo(String.class)
              .findFirst();
      if (existing.isPresent()) {
        String existingId = existing.get();
        tx.handle
            .createUpdate(StoreSql.COUNT_DEDUPE_HIT)
            .bind("jobId", existingId)
            .bind("dedupeKey", job.dedupeKey())
            .bind("now", tx.now)
            .execute();
        tx.afterCommit(
            () ->
                log.info(
                    "dedupe hit: dropped a {} job for plugin {} with dedupe key {}, a duplicate of"
                        + " job {}",
                    job.command(),
                    job.plugin(),
                    job.dedupeKey(),
                    existingId));
        return new EnqueueResult(existingId, true);
      }
    }
    if (job.parentJobId() != null && job.sourceEventId() != null) {
      Optional<String> sibling =
          tx.handle
              .createQuery(StoreSql.FIND_CHILD)
              .bind("parentJobId", job.parentJobId())
              .bind("sourceEventId", job.sourceEventId())
              .bind("plugin", job.plugin())
              .bind("command", job.command())
              .mapTo(String.class)
              .findFirst();
      if (sibling.isPresent()) {
        tx.afterCommit(
            () ->
                log.info(
                    "job {} already has child {} for event {} to {} {}; not enqueued again",
                    job.parentJobId(),
                    sibling.get(),
                    job.sourceEventId(),
                    job.plugin(),
                    job.command()));
        return new EnqueueResult(sibling.get(), true);
      }
    }
    String id = UUID.randomUUID().toString();
    long runnableAt =
        job.notBefore() == null ? tx.now : Math.max(tx.now, job.notBefore().toEpochMilli());
    tx.handle
        .createUpdate(StoreSql.INSERT_JOB)
        .bind("id", id)
        .bind("plugin", job.plugin())
        .bind("command", job.command())
        .bind("payload", job.payload())
        .bind("maxAttempts", job.maxAttempts())
        .bind("submittedBy", job.submittedBy().wireName())
        .bind("dedupeKey", job.dedupeKey())
        .bind("now", tx.now)
        .bind("runnableAt", runnableAt)
        .bind("parentJobId", job.parentJobId())
        .bind("sourceEventId", job.sourceEventId())
        .bind("context", job.context())
        .bind("retryOf", job.retryOf())
        .execute();
    tx.enqueued = true;
    return new EnqueueResult(id, false);
  }

  /**
   * What one settled attempt changes, whoever produced it.
   *
   * @param attemptStatus what the job-log row records for the attempt
   * @param jobStatus {@code QUEUED} for another attempt, else the terminal status
   * @param runnableAt when re-queued: when the next attempt may run
   * @param jobError the job's {@code last_error}
   * @param logError the job-log row's error
   * @param breakerThreshold above 0: counted by the (plugin, command) breaker with this threshold
   */
  private record Outcome(
      SettleSource source,
      JobStatus attemptStatus,
      JobStatus jobStatus,
      long runnableAt,
      String jobError,
      String logError,
      AttemptLog log,
      int breakerThreshold) {

    static Outcome requeued(
        SettleSource source, JobStatus attemptStatus, long runnableAt, String jobError,
        String logError) {
      return new Outcome(
          source, attemptStatus, JobStatus.QUEUED, runnableAt, jobError, logError, null, 0);
    }

    static Outcome finished(
        SettleSource source, JobStatus attemptStatus, JobStatus jobStatus, String jobError,
        String logError) {
      return new Outcome(source, attemptStatus, jobStatus, 0, jobError, logError, null, 0);
    }

    Outcome with(AttemptLog attemptLog, int threshold) {
      return new Outcome(
          source, attemptStatus, jobStatus, runnableAt, jobError, logError, attemptLog, threshold);
    }
  }

  /**
   * THE write of a settled attempt, for the dispatcher, crash recovery and reload alike: the job
   * row, its job-log row and, when counted, the circuit breaker, all in the caller's transaction;
   * the outcome is reported (logged, then told to the settle listeners) once that transaction is
   * durable.
   *
   * @return the job as it now stands
   */
  private Job settleAttempt(Tx tx, Job job, Outcome outcome) {
    Job settled;
    if (outcome.jobStatus() == JobStatus.QUEUED) {
      requeue(tx, job, outcome.runnableAt(), outcome.jobError());
      settled =
          JobRows.requeued(job, Instant.ofEpochMilli(outcome.runnableAt()), outcome.jobError());
      if (outcome.source() == SettleSource.RECOVERY) {
        tx.enqueued = true; // runnable now: wake a waiting dispatcher
      }
    } else {
      finish(tx, job, outcome.jobStatus(), outcome.jobError());
      settled =
          JobRows.finished(
              job, outcome.jobStatus(), Instant.ofEpochMilli(tx.now), outcome.jobError());
    }
    insertJobLog(tx, job, outcome.attemptStatus(), outcome.logError(), outcome.log());
    BreakerTransition breaker =
        outcome.breakerThreshold() > 0 ? countInBreaker(tx, settled, outcome.breakerThreshold())
            : null;
    tx.settled.add(
        new SettledAttempt(settled, job.attempt(), outcome.attemptStatus(), outcome.source(),
            breaker));
    return settled;
  }

  /**
   * Counts a settled attempt in its (plugin, command) breaker (SPEC §6): a success closes it, any
   * other outcome is a failure ({@link BreakerState#failed}).
   *
   * @return the change, or {@code null} when nothing changed (a success of a clean breaker)
   */
  private BreakerTransition countInBreaker(Tx tx, Job settled, int threshold) {
    String plugin = settled.plugin();
    String command = settled.command();
    String key = plugin + '\u0000' + command;
    BreakerState before;
    BreakerState after;
    if (settled.status() == JobStatus.SUCCEEDED) {
      if (cleanBreakers.contains(key)) {
        return null; // the common case: no read, no write
      }
      Optional<BreakerState> stored = findBreaker(tx.handle, plugin, command);
      if (stored.isEmpty()) {
        cleanBreakers.add(key);
        return null;
      }
      before = stored.get();
      after = before.succeeded();
      cleanBreakers.add(key);
    } else {
      cleanBreakers.remove(key);
      before =
          findBreaker(tx.handle, plugin, command)
              .orElseGet(() -> BreakerState.closed(plugin, command));
      String error =
          settled.lastError() == null ? settled.status().wireName() : settled.lastError();
      after = before.failed(Instant.ofEpochMilli(tx.now), error, threshold);
    }
    storeBreaker(tx, before, after);
    return new BreakerTransition(before, after);
  }

  /** Stores {@code after} in place of {@code before}; a clean breaker is stored as no row. */
  private static void storeBreaker(Tx tx, BreakerState before, BreakerState after) {
    if (after.isClean()) {
      if (!before.isClean()) {
        tx.handle
            .createUpdate(StoreSql.DELETE_BREAKER)
            .bind("plugin", after.plugin())
            .bind("command", after.command())
            .execute();
      }
    } else if (!after.equals(before)) {
      tx.handle
          .createUpdate(StoreSql.PUT_BREAKER)
          .bind("plugin", after.plugin())
          .bind("command", after.command())
          .bind("state", after.state().wireName())
          .bind("consecutiveFailures", after.consecutiveFailures())
          .bind("openedAt", JobRows.millis(after.openedAt()))
          .bind("halfOpenedAt", JobRows.millis(after.halfOpenedAt()))
          .bind("lastFailureAt", JobRows.millis(after.lastFailureAt()))
          .bind("lastError", after.lastError())
          .bind("now", tx.now)
          .execute();
    }
  }

  /**
   * A passive checkpoint (WAL pages copied into the database file, never waiting for a writer or
   * a reader), on a connection of its own; called by the settle reporter's thread every few dozen
   * settles. In the default mode SQLite runs it inside a commit once the WAL holds 1000 pages, on
   * the dispatcher's thread: with its two syncs (WAL, then database) that costs the dispatcher
   * more per job than anything else the store does.
   */
  private void checkpoint() {
    try {
      if (checkpointer == null) {
        checkpointer = jdbi.open();
        configureConnection(checkpointer, config);
        checkpointer.execute("PRAGMA synchronous = " + config.synchronous().name());
      }
      checkpointer.createQuery("PRAGMA wal_checkpoint(PASSIVE)").mapToMap().list();
    } catch (JdbiException e) {
      log.warn("checkpoint of {} failed; the next one catches up: {}", path, describe(e));
    }
  }

  /** The one log line of a settled attempt, then the settle listeners; on the reporting thread. */
  private void report(SettledAttempt settled) {
    Job job = settled.job();
    MDC.put("plugin", job.plugin());
    MDC.put("job_id", job.id());
    try {
      switch (job.status()) {
        case SUCCEEDED -> log.info("{} {} succeeded", job.plugin(), job.command());
        case QUEUED ->
            log.warn(
                "{} {} attempt {} {}; re-queued as attempt {}, runnable at {}: {}",
                job.plugin(),
                job.command(),
                settled.attempt(),
                settled.attemptStatus().wireName(),
                job.attempt(),
                job.nextRetryAt() == null ? "once claimed" : job.nextRetryAt(),
                job.lastError());
        default ->
            log.error(
                "{} {} is {}: {}",
                job.plugin(),
                job.command(),
                job.status().wireName(),
                job.lastError());
      }
      for (SettleListener listener : settleListeners) {
        try {
          listener.settled(settled);
        } catch (RuntimeException e) {
          log.error("a settle listener failed for job {}", job.id(), e);
        }
      }
    } finally {
      MDC.remove("plugin");
      MDC.remove("job_id");
    }
  }

  /** Puts {@code job} back in the queue, provided its row still has the status and attempt read. */
  private void requeue(Tx tx, Job job, long runnableAt, String lastError) {
    Update update =
        guarded(tx, StoreSql.REQUEUE, job)
            .bind("runnableAt", runnableAt)
            .bind("lastError", lastError);
    requireUnchanged(tx, job, update.execute());
  }

  /** Ends {@code job}, provided its row still has the status and attempt read. */
  private void finish(Tx tx, Job job, JobStatus status, String lastError) {
    Update update =
        guarded(tx, StoreSql.FINISH, job)
            .bind("status", status.wireName())
            .bind("now", tx.now)
            .bind("lastError", lastError);
    requireUnchanged(tx, job, update.execute());
  }

  /** An update of {@code job}'s row, applied only while the row has the status and attempt read. */
  private static Update guarded(Tx tx, String sql, Job job) {
    return tx.handle
        .createUpdate(sql)
        .bind("id", job.id())
        .bind("expectedStatus", job.status().wireName())
        .bind("expectedAttempt", job.attempt());
  }

  /** Fencing: a settle writes nothing when the row moved on since it was read. */
  private void requireUnchanged(Tx tx, Job job, int updated) {
    if (updated == 1) {
      return;
    }
    String actual =
        findJob(tx.handle, job.id())
            .map(j -> j.status().wireName() + " at attempt " + j.attempt())
            .orElse("missing");
    throw new StaleSettlementException(job.id(), job.attempt(), actual);
  }

  private void insertJobLog(Tx tx, Job job, JobStatus status, String error, AttemptLog attempt) {
    tx.handle
        .createUpdate(StoreSql.INSERT_JOB_LOG)
        .bind("jobId", job.id())
        .bind("attempt", job.attempt())
        .bind("plugin", job.plugin())
        .bind("command", job.command())
        .bind("status", status.wireName())
        .bind("startedAt", JobRows.millis(job.startedAt()))
        .bind("now", tx.now)
        .bind("exitCode", attempt.exitCode())
        .bind("error", error)
        .bind("stderr", attempt.stderr())
        .bind("logs", attempt.logs())
        .bind("result", attempt.result())
        .execute();
  }

  private void mergeState(Tx tx, String plugin, String updates, boolean replace, String what) {
    String current =
        tx.handle
            .createQuery(StoreSql.GET_STATE)
            .bind("plugin", plugin)
            .mapTo(String.class)
            .findFirst()
            .orElse("{}");
    putState(tx, plugin, stateJson.apply(current, updates, replace, what));
  }

  private void putState(Tx tx, String plugin, byte[] state) {
    if (state.length > config.stateCapBytes()) {
      throw new StateTooLargeException(plugin, state.length, config.stateCapBytes());
    }
    tx.handle
        .createUpdate(StoreSql.PUT_STATE)
        .bind("plugin", plugin)
        .bind("state", PluginStateJson.text(state))
        .bind("now", tx.now)
        .execute();
  }
}
