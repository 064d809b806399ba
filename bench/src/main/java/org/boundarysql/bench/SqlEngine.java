/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * An engine reached through JDBC: BoundarySQL embedded or remote, or DuckDB. Statements are
 * prepared once and executed many times; an execution reads every value of every row.
 */
final class SqlEngine implements AutoCloseable {
  /** Numbers the texts made new by a comment. */
  private static final AtomicLong NEW_TEXTS = new AtomicLong();
  private final String name;
  private final Connection connection;
  private final BiFunction<BenchQuery, Variant, String> sql;

  SqlEngine(String name, Connection connection, BiFunction<BenchQuery, Variant, String> sql) {
    this.name = name;
    this.connection = connection;
    this.sql = sql;
  }

  /** BoundarySQL's text of the queries on store {@code schema}. */
  static BiFunction<BenchQuery, Variant, String> boundarySql(String schema, BenchRoles roles) {
    return (query, variant) -> query.calcite((layer, alias) -> schema + "." + layer + " as "
        + alias + variant.tablesample(), roles);
  }

  /** DuckDB's text of the queries, on the tables of {@link DuckDbCopy}. */
  static BiFunction<BenchQuery, Variant, String> duckDbSql(BenchRoles roles) {
    return (query, variant) -> query.duckdb((layer, alias) -> variant.duckSchema() + "." + layer
        + " as " + alias, roles);
  }

  String name() {
    return name;
  }

  String sql(BenchQuery query, Variant variant) {
    return sql.apply(query, variant);
  }

  /** Prepares a query; the caller closes the statement. */
  PreparedStatement prepare(BenchQuery query, Variant variant) throws SQLException {
    return connection.prepareStatement(sql(query, variant));
  }

  /**
   * Prepares the query's text with a comment that makes it new to any plan cache: the cost
   * of planning a query not seen before, in a warm process.
   */
  PreparedStatement prepareNew(BenchQuery query, Variant variant) throws SQLException {
    return connection.prepareStatement(sql(query, variant) + "\n-- "
        + NEW_TEXTS.incrementAndGet());
  }

  /** Runs the query as a plain statement, as BI tools and shells send SQL; reads the answer. */
  Answer executeAdHoc(BenchQuery query, Variant variant, boolean newText) throws SQLException {
    String text = sql(query, variant) + (newText ? "\n-- " + NEW_TEXTS.incrementAndGet() : "");
    try (Statement statement = connection.createStatement();
         ResultSet resultSet = statement.executeQuery(text)) {
      return Answer.of(resultSet);
    }
  }

  /** Executes a prepared query and reads its whole answer. */
  static Answer execute(PreparedStatement statement) throws SQLException {
    try (ResultSet resultSet = statement.executeQuery()) {
      return Answer.of(resultSet);
    }
  }

  @Override public void close() throws SQLException {
    connection.close();
  }
}
