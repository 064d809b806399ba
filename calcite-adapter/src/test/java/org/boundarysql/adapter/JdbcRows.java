/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as lists of column values, arrays as lists of their elements. */
public final class JdbcRows {
  private JdbcRows() {
  }

  /** Runs {@code sql} on {@code connection} and reads every row. */
  public static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      List<List<Object>> rows = new ArrayList<>();
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = r.getObject(i);
          row.add(value instanceof Array array ? list(array.getArray()) : value);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** The column labels of a query's rows. */
  public static List<String> columns(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      List<String> labels = new ArrayList<>();
      for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
        labels.add(r.getMetaData().getColumnLabel(i));
      }
      return labels;
    }
  }

  /** The elements of a Java array, primitive or not, boxed. */
  public static List<Object> list(Object array) {
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
      list.add(java.lang.reflect.Array.get(array, i));
    }
    return list;
  }
}
