/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows of a result set, their values in forms both engines' drivers agree on: whole and
 * decimal numbers as {@link BigDecimal}, REAL as {@link Float}, DOUBLE as {@link Double},
 * arrays as lists, strings, booleans and nulls as they are.
 */
record ResultTable(List<List<Object>> rows) {
  private static final int SHOWN_ROWS = 8;

  /** Reads every row of a result set. */
  static ResultTable read(ResultSet resultSet) throws SQLException {
    int columns = resultSet.getMetaData().getColumnCount();
    List<List<Object>> rows = new ArrayList<>();
    while (resultSet.next()) {
      List<Object> row = new ArrayList<>(columns);
      for (int c = 1; c <= columns; c++) {
        row.add(normalized(resultSet.getObject(c)));
      }
      rows.add(row);
    }
    return new ResultTable(rows);
  }

  private static Object normalized(Object value) throws SQLException {
    if (value instanceof java.sql.Array array) {
      value = array.getArray();
    }
    if (value != null && value.getClass().isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        list.add(normalized(Array.get(value, i)));
      }
      return list;
    }
    if (value instanceof List<?> list) {
      List<Object> normalized = new ArrayList<>();
      for (Object element : list) {
        normalized.add(normalized(element));
      }
      return normalized;
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer
        || value instanceof Long) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    return value;
  }

  int size() {
    return rows.size();
  }

  /** The first rows, one a line, and how many more there are. */
  String show() {
    String shown = rows.stream().limit(SHOWN_ROWS).map(ResultTable::show)
        .collect(Collectors.joining("\n    ", "    ", ""));
    return rows.isEmpty() ? "    (no rows)" : shown
        + (rows.size() > SHOWN_ROWS ? "\n    ... " + (rows.size() - SHOWN_ROWS) + " more" : "");
  }

  static String show(List<Object> row) {
    String text = row.stream().map(v -> v instanceof String s ? "'" + s + "'"
        : String.valueOf(v)).collect(Collectors.joining(", ", "[", "]"));
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
