package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.OrphanRecovery;
import dev.senechal.gw.queue.ProcessRef;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.queue.ScheduleStore;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.SubmittedBy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory queue and schedule store with only what the scheduler uses; everything else throws.
 */
final class FakeJobQueue implements JobQueue, ScheduleStore {

  /** An enqueued job and its status. */
  static final class FakeJob {
    final String id;
    final NewJob job;
    JobStatus status = JobStatus.QUEUED;

    FakeJob(String id, NewJob job) {
      this.id = id;
      this.job = job;
    }
  }

  private final List<FakeJob> jobs = new ArrayList<>();
  private final Map<String, ScheduleEntry> schedules = new LinkedHashMap<>();
  private final List<Instant> pruneCutoffs = new ArrayList<>();
  private final Set<String> brokenPlugins = new HashSet<>();

  // ---- what the scheduler uses

  @Override
  public synchronized EnqueueResult enqueue(NewJob job) {
    requireNonNull(job, "job is null");
    FakeJob fake = new FakeJob("job-" + (jobs.size() + 1), job);
    jobs.add(fake);
    return new EnqueueResult(fake.id, false);
  }

  @Override
  public synchronized int countOutstanding(String plugin, String command) {
    return (int)
        jobs.stream()
            .filter(j -> j.job.plugin().equals(plugin) && j.job.command().equals(command))
            .filter(j -> j.status == JobStatus.QUEUED || j.status == JobStatus.RUNNING)
            .count();
  }

  @Override
  public synchronized int pruneJobLog(Instant cutoff) {
    pruneCutoffs.add(requireNonNull(cutoff, "cutoff is null"));
    return 0;
  }

  @Override
  public synchronized Optional<ScheduleEntry> find(String plugin, String schedule) {
    failIfBroken(plugin);
    return Optional.ofNullable(schedules.get(key(plugin, schedule)));
  }

  @Override
  public synchronized void setNextRun(String plugin, String schedule, Instant nextRun) {
    failIfBroken(plugin);
    requireNonNull(nextRun, "nextRun is null");
    ScheduleEntry old = schedules.get(key(plugin, schedule));
    Instant lastRun = old == null ? null : old.lastRun();
    schedules.put(key(plugin, schedule), new ScheduleEntry(plugin, schedule, lastRun, nextRun));
  }

  @Override
  public synchronized Optional<EnqueueResult> fire(
      String plugin, String schedule, Instant firedAt, Instant nextRun, NewJob job) {
    failIfBroken(plugin);
    requireNonNull(firedAt, "firedAt is null");
    requireNonNull(nextRun, "nextRun is null");
    Optional<EnqueueResult> result = job == null ? Optional.empty() : Optional.of(enqueue(job));
    schedules.put(key(plugin, schedule), new ScheduleEntry(plugin, schedule, firedAt, nextRun));
    return result;
  }

  // ---- test helpers

  synchronized List<FakeJob> jobs() {
    return List.copyOf(jobs);
  }

  synchronized List<FakeJob> jobsOf(String plugin) {
    return jobs.stream().filter(j -> j.job.plugin().equals(plugin)).toList();
  }

  /** Marks every job of the plugin succeeded, as if the dispatcher had run it. */
  synchronized void finishAll(String plugin) {
    jobs.stream()
        .filter(j -> j.job.plugin().equals(plugin))
        .forEach(j -> j.status = JobStatus.SUCCEEDED);
  }

  synchronized void markRunning(String jobId) {
    jobs.stream().filter(j -> j.id.equals(jobId)).forEach(j -> j.status = JobStatus.RUNNING);
  }

  /** The stored timing of the plugin's default schedule. */
  synchronized ScheduleEntry entry(String plugin) {
    ScheduleEntry entry = schedules.get(key(plugin, ScheduledPlugin.DEFAULT_SCHEDULE));
    if (entry == null) {
      throw new AssertionError("no stored schedule for " + plugin);
    }
    return entry;
  }

  synchronized boolean hasEntry(String plugin) {
    return schedules.containsKey(key(plugin, ScheduledPlugin.DEFAULT_SCHEDULE));
  }

  synchronized List<Instant> pruneCutoffs() {
    return List.copyOf(pruneCutoffs);
  }

  /** Makes every schedule-store call for the plugin fail, like a broken row would. */
  synchronized void breakPlugin(String plugin) {
    brokenPlugins.add(plugin);
  }

  synchronized void repairPlugin(String plugin) {
    brokenPlugins.remove(plugin);
  }

  private void failIfBroken(String plugin) {
    if (brokenPlugins.contains(plugin)) {
      throw new IllegalStateException("store failure for " + plugin);
    }
  }

  private static String key(String plugin, String schedule) {
    return plugin + "/" + schedule;
  }

  // ---- not used by the scheduler

  @Override
  public Optional<Job> claimNext() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Job> peekNext() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void recordProcess(String jobId, int attempt, ProcessRef process) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Job settle(Settlement settlement) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Job> running() {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<OrphanRecovery> recoverOrphans() {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Job> deadLetterQueued(String plugin, String reason) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Job> find(String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Job> list(JobQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<JobLogEntry> attempts(String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int depth() {
    throw new UnsupportedOperationException();
  }

  @Override
  public java.util.Map<dev.senechal.gw.queue.JobStatus, Integer> countByStatus() {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Job> children(String parentJobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<dev.senechal.gw.queue.JobLogLine> jobLogTail(String plugin, int limit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<dev.senechal.gw.queue.JobLogLine> jobLogAfter(
      String plugin, long afterId, int limit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Job retry(String jobId, String payload, SubmittedBy submittedBy) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Job> retries(String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Instant> nextDueAt() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void addEnqueueListener(Runnable listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void addSettleListener(dev.senechal.gw.queue.SettleListener listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void awaitReported() {
    throw new UnsupportedOperationException();
  }
}
