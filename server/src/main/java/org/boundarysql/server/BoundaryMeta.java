/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.boundarysql.adapter.BoundaryConnectionProperties;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.CachingPrepare;
import org.boundarysql.server.guard.ReadOnlyCheck;
import org.boundarysql.server.guard.RunningQueries;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Avatica metadata over a catalog: one Calcite connection per remote connection, always opened
 * with the server's own properties; statements that are not queries are refused; ARRAY values
 * cross the wire whole.
 *
 * <p>Every prepare, execute and fetch is an operation of {@link RunningQueries}, bounded by the
 * server's query timeout; closing the statement or its connection, a client that goes away
 * ({@link ClientWatch}), or stopping the server cancels it at once. Its errors reach the client
 * as {@link BoundaryErrors} make them: one sentence and a SQLSTATE.
 */
final class BoundaryMeta extends JdbcMeta {
  /** SQL state "read-only SQL transaction". */
  static final String READ_ONLY_SQL_STATE = BoundaryErrors.READ_ONLY;
  /** SQL state "invalid authorization specification", for refused connection properties. */
  static final String REFUSED_PROPERTY_SQL_STATE = BoundaryErrors.AUTHORIZATION;

  private static final Driver CALCITE = CachingPrepare.driver();
  /**
   * Fewest rows a frame carries: a client's fetch size is a hint, and frames of Avatica's
   * default 100 rows make a large answer cost a round trip per 100 rows. A fetch size of 0
   * (JDBC's "no preference") would make the remote driver stop after the first frame.
   */
  static final int MIN_FRAME_ROWS = 1000;

  /**
   * Normalized names (lower case, no '_', '-' or '.') of the client properties that would choose
   * what a connection reads or how it parses: the adapter's pinned keys and every Calcite
   * connection property, whatever spelling Calcite would accept.
   */
  private static final Set<String> REFUSED = Stream.concat(
          BoundaryConnectionProperties.PINNED_KEYS.stream(),
          Stream.of(CalciteConnectionProperty.values()).map(CalciteConnectionProperty::camelName))
      .map(BoundaryMeta::normalize)
      .collect(Collectors.toUnmodifiableSet());

  /** Prepared statements that were refused, by statement id, with the reason. */
  private final Cache<Integer, String> refusedStatements = CacheBuilder.newBuilder()
      .expireAfterAccess(1, TimeUnit.HOURS).maximumSize(100_000).build();

  /** Statement id of an operation on no statement yet (a prepare). */
  private static final int NO_STATEMENT = -1;

  private final RunningQueries running;

  /** The owner of an operation: a statement of a connection. */
  private record Statement(String connectionId, int statementId) { }

  /** An operation's work. */
  @FunctionalInterface
  private interface Work<T, E extends Exception> {
    T run() throws E, NoSuchStatementException;
  }

  BoundaryMeta(Properties connectionProperties, RunningQueries running) throws SQLException {
    super("jdbc:calcite:", connectionProperties);
    this.running = running;
  }

  /**
   * Opens a connection with the server's properties only. A client property that names a
   * Calcite or catalog setting is refused with an error naming it; any other (user, password,
   * a tool's own keys) is ignored, as JdbcMeta would otherwise merge them over the server's.
   */
  @Override public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    if (info != null) {
      Set<String> refused = new TreeSet<>();
      info.keySet().stream().filter(key -> REFUSED.contains(normalize(key)))
          .forEach(refused::add);
      if (!refused.isEmpty()) {
        throw refusal("connection propert" + (refused.size() == 1 ? "y " : "ies ")
            + String.join(", ", refused) + " refused: this BoundarySQL server fixes its"
            + " catalog, parser and SQL settings; connect without them",
            REFUSED_PROPERTY_SQL_STATE);
      }
    }
    try {
      super.openConnection(ch, Map.of());
    } catch (OutOfMemoryError e) {
      BoundaryErrors.SqlError error = BoundaryErrors.classify(e, null);
      throw refusal(error.message(), error.sqlState());
    }
  }

  @Override protected Connection createConnection(String url, Properties info)
      throws SQLException {
    Connection connection = CALCITE.connect(url, info);
    connection.setReadOnly(true);
    return ArrayValueConnection.wrap(connection);
  }

  /** Keeps connections read-only whatever a client asks; applies the rest. */
  @Override protected void apply(Connection conn, ConnectionProperties connProps)
      throws SQLException {
    if (connProps.isAutoCommit() != null) {
      conn.setAutoCommit(connProps.isAutoCommit());
    }
    if (connProps.getTransactionIsolation() != null) {
      conn.setTransactionIsolation(connProps.getTransactionIsolation());
    }
    if (connProps.getCatalog() != null) {
      conn.setCatalog(connProps.getCatalog());
    }
    if (connProps.getSchema() != null) {
      conn.setSchema(connProps.getSchema());
    }
  }

  /**
   * Prepares a query. A statement that is not a query is prepared as an empty statement that
   * refuses to execute: the remote driver reports a failed prepare as "while preparing SQL"
   * without the server's message, but a failed execute with it.
   */
  @Override public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    String refusal = ReadOnlyCheck.refusal(sql);
    if (refusal == null) {
      try {
        return guarded(ch.id, NO_STATEMENT, sql, () -> super.prepare(ch, sql, maxRowCount));
      } catch (NoSuchStatementException e) {
        throw new IllegalStateException(e); // a prepare has no statement yet
      }
    }
    StatementHandle h = createStatement(ch);
    h.signature = new Signature(List.of(), sql, List.of(), null, CursorFactory.LIST,
        StatementType.SELECT);
    refusedStatements.put(h.id, refusal);
    return h;
  }

  @SuppressWarnings("deprecation")
  @Override public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      long maxRowCount) throws NoSuchStatementException {
    refuseIfRefused(h);
    return guarded(h, () -> super.execute(h, parameterValues, maxRowCount));
  }

  @Override public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) throws NoSuchStatementException {
    refuseIfRefused(h);
    return guarded(h, () -> super.execute(h, parameterValues, frameRows(maxRowsInFirstFrame)));
  }

  @Override public ExecuteBatchResult executeBatch(StatementHandle h,
      List<List<TypedValue>> parameterValues) throws NoSuchStatementException {
    refuseIfRefused(h);
    return guarded(h, () -> super.executeBatch(h, parameterValues));
  }

  @Override public ExecuteBatchResult executeBatchProtobuf(StatementHandle h,
      List<Requests.UpdateBatch> updateBatches) throws NoSuchStatementException {
    refuseIfRefused(h);
    return super.executeBatchProtobuf(h, updateBatches);
  }

  @Override public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    return guarded(h, () -> super.fetch(h, offset, frameRows(fetchMaxRowCount)));
  }

  @Override public void closeStatement(StatementHandle h) {
    refusedStatements.invalidate(h.id);
    cancel(h.connectionId, h.id, "its statement was closed");
    super.closeStatement(h);
  }

  @Override public void closeConnection(ConnectionHandle ch) {
    cancel(ch.id, null, "its connection was closed");
    super.closeConnection(ch);
  }

  @SuppressWarnings("deprecation")
  @Override public ExecuteResult prepareAndExecute(StatementHandle h, String sql,
      long maxRowCount, PrepareCallback callback) throws NoSuchStatementException {
    refuseUnlessQuery(sql);
    return guarded(h.connectionId, h.id, sql,
        () -> super.prepareAndExecute(h, sql, maxRowCount, callback));
  }

  @Override public ExecuteResult prepareAndExecute(StatementHandle h, String sql,
      long maxRowCount, int maxRowsInFirstFrame, PrepareCallback callback)
      throws NoSuchStatementException {
    refuseUnlessQuery(sql);
    return guarded(h.connectionId, h.id, sql, () -> super.prepareAndExecute(h, sql,
        maxRowCount, frameRows(maxRowsInFirstFrame), callback));
  }

  /** Rows of a frame asked for {@code requested} (negative: no limit). */
  private static int frameRows(int requested) {
    return requested >= 0 && requested < MIN_FRAME_ROWS ? MIN_FRAME_ROWS : requested;
  }

  @Override public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h,
      List<String> sqlCommands) throws NoSuchStatementException {
    sqlCommands.forEach(BoundaryMeta::refuseUnlessQuery);
    return super.prepareAndExecuteBatch(h, sqlCommands);
  }

  /** Closes every open statement and connection. */
  void closeAll() {
    getStatementCache().invalidateAll();
    getConnectionCache().invalidateAll();
  }

  private <T, E extends Exception> T guarded(StatementHandle h, Work<T, E> work)
      throws E, NoSuchStatementException {
    String sql = h.signature == null ? null : h.signature.sql;
    return guarded(h.connectionId, h.id, sql, work);
  }

  /**
   * Runs an operation of a statement (see {@link RunningQueries}), cancelled when the statement
   * or its connection closes or the client's connection does; its errors reach the client as
   * one sentence and a SQLSTATE.
   */
  private <T, E extends Exception> T guarded(String connectionId, int statementId, String sql,
      Work<T, E> work) throws E, NoSuchStatementException {
    try {
      return running.run(new Statement(connectionId, statementId), sql,
          ClientWatch::cancelOnClose, work::run);
    } catch (RunningQueries.QueryFailure e) {
      throw refusal(e.error().message(), e.error().sqlState());
    } catch (RuntimeException | NoSuchStatementException e) {
      throw e;
    } catch (Exception e) {
      // The work throws E or NoSuchStatementException only: this is an E.
      @SuppressWarnings("unchecked")
      E checked = (E) e;
      throw checked;
    }
  }

  /** Cancels the operations of a connection, of one statement unless {@code statementId} null. */
  private void cancel(String connectionId, Integer statementId, String reason) {
    running.cancel(owner -> owner instanceof Statement s && s.connectionId().equals(connectionId)
        && (statementId == null || s.statementId() == statementId), reason);
  }

  private void refuseIfRefused(StatementHandle h) {
    String refusal = refusedStatements.getIfPresent(h.id);
    if (refusal != null) {
      throw readOnly(refusal);
    }
  }

  private static void refuseUnlessQuery(String sql) {
    String refusal = ReadOnlyCheck.refusal(sql);
    if (refusal != null) {
      throw readOnly(refusal);
    }
  }

  private static AvaticaRuntimeException readOnly(String refusal) {
    return refusal(refusal, READ_ONLY_SQL_STATE);
  }

  /**
   * An error for the client that says all there is to say: without a stack trace, which
   * Avatica would otherwise send along and tools like sqlline print.
   */
  private static AvaticaRuntimeException refusal(String message, String sqlState) {
    AvaticaRuntimeException e = new AvaticaRuntimeException(message,
        Service.ErrorResponse.UNKNOWN_ERROR_CODE, sqlState, AvaticaSeverity.ERROR);
    e.setStackTrace(new StackTraceElement[0]);
    return e;
  }

  private static String normalize(String key) {
    return key.toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
  }
}
