package dev.senechal.gw.queue.internal;

import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The store's SQL, one statement per file in {@code dev/senechal/gw/queue/internal/SqliteStore/},
 * read once when the class loads (the locator reads the classpath on every call).
 */
final class StoreSql {
  static final String ATTEMPTS = load("attempts");
  static final String BREAKERS_OF_PLUGIN = load("breakers_of_plugin");
  static final String CHILDREN = load("children");
  static final String CLAIM_NEXT = load("claim_next");
  static final String COUNT_BY_STATUS = load("count_by_status");
  static final String COUNT_DEDUPE_HIT = load("count_dedupe_hit");
  static final String COUNT_OUTSTANDING = load("count_outstanding");
  static final String DEDUPE_HITS_OF_JOB = load("dedupe_hits_of_job");
  static final String DEDUPE_HITS_TOTAL = load("dedupe_hits_total");
  static final String DELETE_BREAKER = load("delete_breaker");
  static final String DELETE_BREAKERS_OF_PLUGIN = load("delete_breakers_of_plugin");
  static final String DEPTH = load("depth");
  static final String FIND_BREAKER = load("find_breaker");
  static final String FIND_CHILD = load("find_child");
  static final String FIND_DEDUPE_MATCH = load("find_dedupe_match");
  static final String FIND_DELIVERY = load("find_delivery");
  static final String FIND_JOB = load("find_job");
  static final String FIND_PLUGIN_INIT = load("find_plugin_init");
  static final String FIND_SCHEDULE = load("find_schedule");
  static final String FINISH = load("finish");
  static final String FIRE_SCHEDULE = load("fire_schedule");
  static final String GET_STATE = load("get_state");
  static final String INSERT_JOB = load("insert_job");
  static final String INSERT_JOB_LOG = load("insert_job_log");
  static final String JOB_LOG_AFTER = load("job_log_after");
  static final String JOB_LOG_TAIL = load("job_log_tail");
  static final String LIST_BREAKERS = load("list_breakers");
  static final String LIST_PLUGIN_INITS = load("list_plugin_inits");
  static final String LIST_JOBS = load("list_jobs");
  static final String NEXT_DUE_AT = load("next_due_at");
  static final String PEEK_NEXT = load("peek_next");
  static final String PRUNE_DEDUPE_HITS = load("prune_dedupe_hits");
  static final String PRUNE_DELIVERIES = load("prune_deliveries");
  static final String PRUNE_JOB_LOG = load("prune_job_log");
  static final String PUT_DELIVERY = load("put_delivery");
  static final String PUT_BREAKER = load("put_breaker");
  static final String PUT_PLUGIN_INIT = load("put_plugin_init");
  static final String PUT_STATE = load("put_state");
  static final String QUEUED_OF_PLUGIN = load("queued_of_plugin");
  static final String RECORD_PROCESS = load("record_process");
  static final String REQUEUE = load("requeue");
  static final String RETRIES = load("retries");
  static final String RUNNING = load("running");
  static final String SET_NEXT_RUN = load("set_next_run");

  private StoreSql() {}

  private static String load(String name) {
    return ClasspathSqlLocator.removingComments().locate(SqliteStore.class, name);
  }
}
