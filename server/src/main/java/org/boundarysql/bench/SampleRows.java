/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.store.Store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;

/**
 * The rows of a store in a BOUNDARY sample, asked of BoundarySQL itself, so that they come from
 * its sample cache and are exactly the rows {@code TABLESAMPLE BOUNDARY} queries read.
 */
final class SampleRows {
  private SampleRows() {
  }

  /** The sampled rows, ascending; {@code schema} is the store's schema on the connection. */
  static int[] of(Connection connection, String schema, Store store, String method,
      double fraction, double j, long seed) throws SQLException {
    String sql = String.format(Locale.ROOT, "select id from \"%s\".\"items\" tablesample"
        + " boundary('%s', %s, %s) repeatable(%d)", schema, method.replace("'", "''"), fraction,
        j, seed);
    int[] rows = new int[store.items().size()];
    int count = 0;
    try (Statement statement = connection.createStatement();
         ResultSet resultSet = statement.executeQuery(sql)) {
      while (resultSet.next()) {
        rows[count++] = store.items().rowOf(resultSet.getLong(1));
      }
    }
    int[] sampled = Arrays.copyOf(rows, count);
    Arrays.sort(sampled);
    return sampled;
  }
}
