/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An in-process DuckDB database holding the same data as the stores: one schema per store, named
 * as in BoundarySQL, with {@code items} (the item columns and the extra ones) and one table per
 * layer whose {@code activation} is a {@code FLOAT[]} list.
 */
public final class DuckDbMirror {
  private DuckDbMirror() {
  }

  /** Opens a new in-memory database holding the stores. */
  public static DuckDBConnection open(List<StoreFiles> stores) throws SQLException {
    DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      for (StoreFiles store : stores) {
        statement.execute("create schema " + store.name());
        List<String> columns = new ArrayList<>(List.of("id bigint", "split varchar",
            "label integer", "predicted integer", "correct boolean"));
        store.extras().forEach(e -> columns.add(e.name() + " " + e.type().sqlName()));
        statement.execute("create table " + store.name() + "." + Tables.ITEMS + " ("
            + String.join(", ", columns) + ")");
        appendItems(connection, store);
        for (Map.Entry<String, float[][]> layer : store.layers().entrySet()) {
          statement.execute("create table " + store.name() + "." + layer.getKey() + " (id bigint,"
              + " split varchar, label integer, predicted integer, correct boolean,"
              + " activation float[])");
          appendLayer(connection, store, layer.getKey(), layer.getValue());
        }
      }
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  private static void appendItems(DuckDBConnection connection, StoreFiles store)
      throws SQLException {
    try (DuckDBAppender appender = connection.createAppender(store.name(), Tables.ITEMS)) {
      for (int row = 0; row < store.size(); row++) {
        itemColumns(appender.beginRow(), store, row);
        for (StoreFiles.Extra extra : store.extras()) {
          Object value = extra.values()[row];
          if (value == null) {
            appender.appendNull();
          } else if (value instanceof Long l) {
            appender.append(l.longValue());
          } else if (value instanceof Double d) {
            appender.append(d.doubleValue());
          } else {
            appender.append((String) value);
          }
        }
        appender.endRow();
      }
    }
  }

  private static void appendLayer(DuckDBConnection connection, StoreFiles store, String layer,
      float[][] activations) throws SQLException {
    try (DuckDBAppender appender = connection.createAppender(store.name(), layer)) {
      for (int row = 0; row < store.size(); row++) {
        itemColumns(appender.beginRow(), store, row).append(activations[row]).endRow();
      }
    }
  }

  private static DuckDBAppender itemColumns(DuckDBAppender appender, StoreFiles store, int row)
      throws SQLException {
    return appender.append(store.ids()[row]).append(store.splits()[row])
        .append(store.labels()[row]).append(store.predicted()[row]).append(store.correct(row));
  }
}
