/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BiFunction;

/**
 * An engine reached through JDBC: BoundarySQL embedded or remote, or DuckDB. Statements are
 * prepared once and executed many times; an execution reads every value of every row.
 */
final class SqlEngine implements AutoCloseable {
  private final String name;
  private final Connection connection;
  private final BiFunction<BenchQuery, Variant, String> sql;

  SqlEngine(String name, Connection connection, BiFunction<BenchQuery, Variant, String> sql) {
    this.name = name;
    this.connection = connection;
    this.sql = sql;
  }

  /** BoundarySQL's text of the queries on store {@code schema}. */
  static BiFunction<BenchQuery, Variant, String> boundarySql(String schema) {
    return (query, variant) -> query.calcite((layer, alias) -> schema + "." + layer + " as "
        + alias + variant.tablesample());
  }

  /** DuckDB's text of the queries, on the tables of {@link DuckDbCopy}. */
  static BiFunction<BenchQuery, Variant, String> duckDbSql() {
    return (query, variant) -> query.duckdb((layer, alias) -> variant.duckSchema() + "." + layer
        + " as " + alias);
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
