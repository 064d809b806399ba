/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One worker's connections to the two engines, and a query run on both and compared. */
final class Engines implements AutoCloseable {
  private final Connection boundary;
  private final Connection duckdb;

  Engines(Connection boundary, Connection duckdb) {
    this.boundary = boundary;
    this.duckdb = duckdb;
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
  private static String texts(Query query) {
    return "  BoundarySQL: " + query.sql(Dialect.BOUNDARY) + ";\n  DuckDB:      "
        + query.sql(Dialect.DUCKDB) + ";";
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
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }

  private static ResultTable run(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return ResultTable.read(statement.executeQuery(sql));
    }
  }

  @Override public void close() throws SQLException {
    try (Connection b = boundary; Connection d = duckdb) {
      // both closed, the second even if the first fails
    }
  }
}
