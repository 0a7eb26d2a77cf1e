package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every statement that runs per job is backed by an index (STYLE: SQL). */
class QueryPlanTest extends StoreTestSupport {

  // INSERTs and upserts (insert_job, put_state, set_next_run, put_breaker,
  // put_plugin_init, …) have no query plan:
  // an upsert's conflict target is the primary key.
  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("claim_next", StoreSql.CLAIM_NEXT, "jobs_claim"),
        Arguments.of("find_dedupe_match", StoreSql.FIND_DEDUPE_MATCH, "jobs_dedupe"),
        Arguments.of("count_outstanding", StoreSql.COUNT_OUTSTANDING, "jobs_outstanding"),
        Arguments.of(
            "queued_of_plugin", StoreSql.QUEUED_OF_PLUGIN, "jobs_outstanding|jobs_claim"),
        Arguments.of("find_child", StoreSql.FIND_CHILD, "jobs_children"),
        Arguments.of("children", StoreSql.CHILDREN, "jobs_children"),
        Arguments.of("retries", StoreSql.RETRIES, "jobs_retry_of"),
        Arguments.of("count_by_status", StoreSql.COUNT_BY_STATUS, "jobs_claim|jobs_status_created"),
        Arguments.of("find_job", StoreSql.FIND_JOB, "sqlite_autoindex_jobs_1"),
        Arguments.of("requeue", StoreSql.REQUEUE, "sqlite_autoindex_jobs_1"),
        Arguments.of("finish", StoreSql.FINISH, "sqlite_autoindex_jobs_1"),
        Arguments.of("record_process", StoreSql.RECORD_PROCESS, "sqlite_autoindex_jobs_1"),
        Arguments.of("running", StoreSql.RUNNING, "jobs_claim|jobs_status_created"),
        Arguments.of("depth", StoreSql.DEPTH, "jobs_claim|jobs_status_created"),
        Arguments.of("next_due_at", StoreSql.NEXT_DUE_AT, "jobs_claim"),
        Arguments.of("attempts", StoreSql.ATTEMPTS, "job_log_job"),
        Arguments.of("job_log_tail", StoreSql.JOB_LOG_TAIL, "INTEGER PRIMARY KEY"),
        Arguments.of("job_log_after", StoreSql.JOB_LOG_AFTER, "INTEGER PRIMARY KEY"),
        Arguments.of("prune_job_log", StoreSql.PRUNE_JOB_LOG, "job_log_completed"),
        Arguments.of("prune_dedupe_hits", StoreSql.PRUNE_DEDUPE_HITS, "dedupe_hits_last_hit"),
        Arguments.of("find_delivery", StoreSql.FIND_DELIVERY, "PRIMARY KEY"),
        Arguments.of("prune_deliveries", StoreSql.PRUNE_DELIVERIES, "webhook_deliveries_received"),
        Arguments.of("dedupe_hits_of_job", StoreSql.DEDUPE_HITS_OF_JOB, "dedupe_hits"),
        Arguments.of("get_state", StoreSql.GET_STATE, "plugin_state"),
        Arguments.of("find_schedule", StoreSql.FIND_SCHEDULE, "schedules"),
        Arguments.of("find_breaker", StoreSql.FIND_BREAKER, "sqlite_autoindex_circuit_breakers_1"),
        Arguments.of("list_breakers", StoreSql.LIST_BREAKERS, "sqlite_autoindex_circuit_breakers_1"),
        Arguments.of(
            "breakers_of_plugin",
            StoreSql.BREAKERS_OF_PLUGIN,
            "sqlite_autoindex_circuit_breakers_1"),
        Arguments.of(
            "delete_breaker", StoreSql.DELETE_BREAKER, "sqlite_autoindex_circuit_breakers_1"),
        Arguments.of(
            "delete_breakers_of_plugin",
            StoreSql.DELETE_BREAKERS_OF_PLUGIN,
            "sqlite_autoindex_circuit_breakers_1"),
        Arguments.of(
            "find_plugin_init", StoreSql.FIND_PLUGIN_INIT, "sqlite_autoindex_plugin_init_1"),
        Arguments.of(
            "list_plugin_inits", StoreSql.LIST_PLUGIN_INITS, "sqlite_autoindex_plugin_init_1"),
        Arguments.of(
            "list_jobs by status",
            StoreSql.LIST_JOBS.replace("<filter>", "WHERE status = :status"),
            "jobs_status_created"),
        Arguments.of("list_jobs", StoreSql.LIST_JOBS.replace("<filter>", ""), "jobs_created"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statements")
  void usesAnIndex(String name, String sql, String index) throws SQLException {
    List<String> plan = plan(sql);

    assertThat(plan).as("plan of %s", name).anyMatch(step -> step.matches(".*(" + index + ").*"));
    assertThat(plan)
        .as("plan of %s: no table scan", name)
        .noneMatch(step -> step.matches("SCAN \\w+"))
        .noneMatch(step -> step.startsWith("SCAN") && !step.contains("INDEX"));
  }

  @Test
  void theClaimAndTheListingsReadTheirIndexInOrderWithoutSorting() throws SQLException {
    for (String sql :
        List.of(
            StoreSql.CLAIM_NEXT,
            StoreSql.LIST_JOBS.replace("<filter>", ""),
            StoreSql.LIST_JOBS.replace("<filter>", "WHERE status = :status"),
            StoreSql.RETRIES,
            StoreSql.LIST_BREAKERS,
            StoreSql.LIST_PLUGIN_INITS)) {
      assertThat(plan(sql)).as(sql).noneMatch(step -> step.contains("TEMP B-TREE"));
    }
  }

  private List<String> plan(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databasePath());
        PreparedStatement statement = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
        statement.setObject(i, null);
      }
      List<String> steps = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          steps.add(rs.getString("detail"));
        }
      }
      return steps;
    }
  }
}
