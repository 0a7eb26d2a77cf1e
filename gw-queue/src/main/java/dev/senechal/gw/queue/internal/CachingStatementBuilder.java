package dev.senechal.gw.queue.internal;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps one connection's prepared statements for reuse. For the small statements a job runs, SQLite
 * spends more time preparing a statement (parsing, planning) than running it; reusing them roughly
 * halves the cost of a claim or a settle.
 *
 * <p>A statement is checked out while Jdbi uses it and returned when Jdbi closes it (after closing
 * its result set, which resets the SQLite statement, so no cached statement holds a read
 * transaction open). Statements in use are never handed out twice. Not thread-safe: one per
 * connection, used under the store's lock for that connection.
 */
final class CachingStatementBuilder implements StatementBuilder {
  private static final int CAPACITY = 64;

  private final Map<String, PreparedStatement> idle =
      new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= CAPACITY) {
            return false;
          }
          closeQuietly(eldest.getValue());
          return true;
        }
      };
  private final Map<Statement, String> inUse = new IdentityHashMap<>();

  @Override
  public Statement create(Connection connection, StatementContext context) throws SQLException {
    return connection.createStatement();
  }

  @Override
  public PreparedStatement create(Connection connection, String sql, StatementContext context)
      throws SQLException {
    PreparedStatement statement = idle.remove(sql);
    if (statement == null || statement.isClosed()) {
      statement = connection.prepareStatement(sql);
    }
    inUse.put(statement, sql);
    return statement;
  }

  @Override
  public CallableStatement createCall(Connection connection, String sql, StatementContext context)
      throws SQLException {
    return connection.prepareCall(sql);
  }

  @Override
  public void close(Connection connection, String sql, Statement statement) throws SQLException {
    String key = inUse.remove(statement);
    if (key == null || statement.isClosed() || idle.containsKey(key)) {
      statement.close();
      return;
    }
    ((PreparedStatement) statement).clearParameters();
    idle.put(key, (PreparedStatement) statement);
  }

  @Override
  public void close(Connection connection) {
    for (Iterator<PreparedStatement> it = idle.values().iterator(); it.hasNext(); ) {
      closeQuietly(it.next());
      it.remove();
    }
    inUse.keySet().forEach(CachingStatementBuilder::closeQuietly);
    inUse.clear();
  }

  private static void closeQuietly(Statement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      // The connection is closing, or the statement was already closed with it.
    }
  }
}
