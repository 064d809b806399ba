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
import org.boundarysql.task.Cancellation;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Avatica metadata over a catalog: one Calcite connection per remote connection, always opened
 * with the server's own properties; statements that are not queries are refused; ARRAY values
 * cross the wire whole.
 *
 * <p>Every prepare, execute and fetch runs under a {@link Cancellation} with the server's query
 * timeout, which the scans and the sample computations it waits for obey; closing the
 * statement or its connection, a client that goes away ({@link ClientWatch}), or stopping the
 * server cancels it at once. Its errors reach
 * the client as {@link BoundaryErrors} make them: one sentence and a SQLSTATE.
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

  /** The operations running now. */
  private final Set<Operation> running = ConcurrentHashMap.newKeySet();
  private final long queryTimeoutMillis;
  private volatile String stopping;

  /** One prepare, execute or fetch, running on a server thread. */
  private record Operation(String connectionId, int statementId, Cancellation cancellation) { }

  /** An operation's work. */
  @FunctionalInterface
  private interface Work<T, E extends Exception> {
    T run() throws E, NoSuchStatementException;
  }

  BoundaryMeta(Path catalog, Path cache, long queryTimeoutMillis, double sampleBudgetSeconds)
      throws SQLException {
    super("jdbc:calcite:", BoundaryConnectionProperties.forCatalog(catalog, cache,
        sampleBudgetSeconds));
    this.queryTimeoutMillis = queryTimeoutMillis;
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
    super.openConnection(ch, Map.of());
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

  /**
   * Cancels every running operation (the server stops) and refuses new ones; returns whether
   * they all ended within {@code millis}.
   */
  boolean cancelAll(String reason, long millis) throws InterruptedException {
    stopping = reason;
    running.forEach(operation -> operation.cancellation().cancel(reason));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (running) {
      for (long left = millis; !running.isEmpty() && left > 0;
          left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
        running.wait(left); // woken by each operation's end
      }
      return running.isEmpty();
    }
  }

  /** Number of operations running now. */
  int runningOperations() {
    return running.size();
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
   * Runs an operation under a cancellation with the query timeout, registered so that closing
   * its statement or connection cancels it; its errors become {@link BoundaryErrors}' ones.
   */
  private <T, E extends Exception> T guarded(String connectionId, int statementId, String sql,
      Work<T, E> work) throws E, NoSuchStatementException {
    Cancellation cancellation = Cancellation.withTimeout(queryTimeoutMillis,
        TimeUnit.MILLISECONDS, "it ran longer than this server's query timeout of "
            + seconds(queryTimeoutMillis) + " (./boundary serve --query-timeout)");
    Operation operation = new Operation(connectionId, statementId, cancellation);
    running.add(operation);
    String stop = stopping;
    if (stop != null) {
      cancellation.cancel(stop);
    }
    try (Cancellation.Scope scope = cancellation.enter();
         ClientWatch.Scope watch = ClientWatch.cancelOnClose(cancellation)) {
      cancellation.check();
      return work.run();
    } catch (AvaticaRuntimeException e) {
      throw e;
    } catch (RuntimeException | AssertionError e) {
      // an AssertionError is Calcite's planner giving up on a plan: an internal error too
      BoundaryErrors.SqlError error = cancellation.isCancelled()
          ? new BoundaryErrors.SqlError(BoundaryErrors.CANCELLED,
              "query cancelled: " + cancellation.reason())
          : BoundaryErrors.classify(e, sql);
      throw refusal(error.message(), error.sqlState());
    } finally {
      synchronized (running) {
        running.remove(operation);
        running.notifyAll();
      }
    }
  }

  /** Cancels the operations of a connection, of one statement unless {@code statementId} null. */
  private void cancel(String connectionId, Integer statementId, String reason) {
    for (Operation operation : running) {
      if (operation.connectionId().equals(connectionId)
          && (statementId == null || operation.statementId() == statementId)) {
        operation.cancellation().cancel(reason);
      }
    }
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
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
