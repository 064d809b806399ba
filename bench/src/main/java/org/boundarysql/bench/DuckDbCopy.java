/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's layers copied into an in-memory DuckDB database, one table per layer with the
 * item columns and {@code activation FLOAT[]}: schema {@code full_store} holds every item, one
 * schema per sample (for example {@code sample_5}) holds the sampled items, as a sampled store
 * would.
 */
final class DuckDbCopy {
  /** The most memory DuckDB takes; past it, it spills to disk. */
  private static final String MEMORY_LIMIT = "4GB";

  private DuckDbCopy() {
  }

  /** Opens a database holding the given layers of the store and the variants' samples. */
  static Connection open(Store store, List<String> layers, List<Variant> variants,
      Progress progress) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      // The machine is shared: a bounded DuckDB spills to the temporary directory instead.
      statement.execute("set memory_limit = '" + MEMORY_LIMIT + "'");
      statement.execute("set temp_directory = '" + System.getProperty("java.io.tmpdir")
          + "/boundarysql-duckdb'");
      for (Variant variant : variants) {
        statement.execute("create schema " + variant.duckSchema());
      }
      for (String name : layers) {
        Layer layer = store.layer(name).orElseThrow();
        String table = "full_store." + layer.name();
        statement.execute("create table " + table + " (id bigint, split varchar, label integer,"
            + " predicted integer, correct boolean, activation float[])");
        append(connection.unwrap(DuckDBConnection.class), store.items(), layer, table,
            progress);
        for (Variant variant : variants) {
          if (!variant.isFull()) {
            statement.execute("create table " + variant.duckSchema() + "." + layer.name()
                + " as select * from " + table + " where id in (" + ids(store, variant) + ")"
                + " order by id");
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  private static void append(DuckDBConnection connection, Items items, Layer layer,
      String table, Progress progress) throws SQLException {
    String[] schemaAndTable = table.split("\\.");
    float[] row = new float[layer.width()];
    ProgressListener loading = progress.listener();
    String stage = "DuckDB: loading " + layer.name();
    try (DuckDBAppender appender = connection.createAppender(schemaAndTable[0],
        schemaAndTable[1])) {
      for (int i = 0; i < items.size(); i++) {
        layer.read(i, row);
        appender.beginRow().append(items.id(i)).append(items.split(i)).append(items.label(i))
            .append(items.predicted(i)).append(items.correct(i)).append(row).endRow();
        loading.update(stage, i + 1, items.size());
      }
    }
  }

  private static String ids(Store store, Variant variant) {
    StringBuilder ids = new StringBuilder();
    for (int row : variant.rows()) {
      ids.append(ids.length() == 0 ? "" : ",").append(store.items().id(row));
    }
    return ids.toString();
  }
}
