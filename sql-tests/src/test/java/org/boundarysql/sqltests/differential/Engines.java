/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One worker's connections to the two engines, BoundarySQL embedded and through the remote
 * driver, and a query run on both engines and compared.
 */
final class Engines implements AutoCloseable {
  private final Connection embedded;
  private final Connection remote;
  private final Connection duckdb;
  /** The BoundarySQL connection the current query goes through. */
  private Connection boundary;

  Engines(Connection embedded, Connection remote, Connection duckdb) {
    this.embedded = embedded;
    this.remote = remote;
    this.duckdb = duckdb;
    this.boundary = embedded;
  }

  /** Sends the next queries through the remote driver, or embedded. */
  void route(boolean throughRemote) {
    boundary = throughRemote ? remote : embedded;
  }

  /** How the current query reaches BoundarySQL, for reports. */
  String route() {
    return boundary == remote ? "remote" : "embedded";
  }

  /** The result of BoundarySQL's dialect of a query, run on BoundarySQL. */
  ResultTable boundary(Query query) throws SQLException {
    return run(boundary, query.sql(Dialect.BOUNDARY));
  }

  /** The result of DuckDB's dialect of a query, run on DuckDB. */
  ResultTable duckdb(Query query) throws SQLException {
    return run(duckdb, query.sql(Dialect.DUCKDB));
  }

  /** The result of a query given as text, run on BoundarySQL. */
  ResultTable boundary(String sql) throws SQLException {
    return run(boundary, sql);
  }

  /**
   * Runs a query on both engines; returns how BoundarySQL's answer differs from DuckDB's, with
   * the query and both answers, or null if they agree.
   */
  String compare(Query query) {
    ResultTable expected;
    ResultTable actual;
    try {
      expected = duckdb(query);
    } catch (SQLException e) {
      return "DuckDB failed (a generator bug?): " + describe(e) + "\n" + texts(query);
    }
    try {
      actual = boundary(query);
    } catch (SQLException | RuntimeException | AssertionError e) {
      return "BoundarySQL failed: " + describe(e) + "\n" + texts(query) + "\n  DuckDB:\n"
          + expected.show();
    }
    String difference = ResultComparison.difference(expected, actual, query.ordered());
    return difference == null ? null : difference + "\n" + texts(query)
        + "\n  DuckDB (" + expected.size() + " rows):\n" + expected.show()
        + "\n  BoundarySQL (" + actual.size() + " rows):\n" + actual.show();
  }

  /** The query in both dialects. */
  private String texts(Query query) {
    return "  BoundarySQL (" + route() + "): " + query.sql(Dialect.BOUNDARY)
        + ";\n  DuckDB:      " + query.sql(Dialect.DUCKDB) + ";";
  }

  /** An exception's message, shortened, and its root cause's. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return shortened(e.getMessage())
        + (root == e ? "" : "\n  cause: " + root.getClass().getName() + ": "
            + shortened(root.getMessage()));
  }

  private static String shortened(String message) {
    String line = String.valueOf(message).lines().findFirst().orElse("");
    // the remote driver's message repeats the SQL first: keep the server's error
    int remote = line.indexOf("Remote driver error: ");
    line = remote >= 0 ? line.substring(remote) : line;
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }

  private static ResultTable run(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return ResultTable.read(statement.executeQuery(sql));
    }
  }

  @Override public void close() throws SQLException {
    try (Connection e = embedded; Connection r = remote; Connection d = duckdb) {
      // all closed, each even if another fails
    }
  }
}
