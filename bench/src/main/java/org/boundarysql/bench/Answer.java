/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows a query answered, with every value in one of a few comparable forms: {@code Long}
 * for integers, {@code Double} for other numbers, {@code Boolean}, {@code String}, {@code null}
 * and lists of these for arrays; so that answers of different engines can be compared.
 */
public record Answer(List<List<Object>> rows) {
  /** Relative tolerance for numbers: engines sum floats in different orders. */
  static final double TOLERANCE = 1e-6;

  /** Reads every row and every value of a result set, arrays included. */
  public static Answer of(ResultSet resultSet) throws SQLException {
    int columns = resultSet.getMetaData().getColumnCount();
    List<List<Object>> rows = new ArrayList<>();
    while (resultSet.next()) {
      List<Object> row = new ArrayList<>(columns);
      for (int c = 1; c <= columns; c++) {
        row.add(normalize(resultSet.getObject(c)));
      }
      rows.add(row);
    }
    return new Answer(rows);
  }

  /** An answer of one row. */
  static Answer row(Object... values) {
    List<Object> row = new ArrayList<>();
    for (Object value : values) {
      row.add(normalize(value));
    }
    return new Answer(List.of(row));
  }

  /** Brings a value into its comparable form. */
  static Object normalize(Object value) {
    try {
      if (value instanceof Array array) {
        return normalize(array.getArray());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double) {
      return value;
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Object[] array) {
      return normalize(Arrays.asList(array));
    }
    // Plain loops: in a process that runs many queries, stream pipelines here become
    // megamorphic and cost more than the query they read.
    if (value instanceof int[] ints) {
      List<Object> values = new ArrayList<>(ints.length);
      for (int i : ints) {
        values.add((long) i);
      }
      return values;
    }
    if (value instanceof double[] doubles) {
      List<Object> values = new ArrayList<>(doubles.length);
      for (double d : doubles) {
        values.add(d);
      }
      return values;
    }
    if (value instanceof List<?> list) {
      List<Object> values = new ArrayList<>(list.size());
      for (Object element : list) {
        values.add(normalize(element));
      }
      return values;
    }
    return value;
  }

  /** Null if the answers agree within {@link #TOLERANCE}, else where they first differ. */
  public String difference(Answer other) {
    if (rows.size() != other.rows.size()) {
      return rows.size() + " rows vs " + other.rows.size();
    }
    for (int r = 0; r < rows.size(); r++) {
      List<Object> a = rows.get(r);
      List<Object> b = other.rows.get(r);
      if (a.size() != b.size()) {
        return "row " + r + ": " + a.size() + " columns vs " + b.size();
      }
      for (int c = 0; c < a.size(); c++) {
        String difference = difference(a.get(c), b.get(c));
        if (difference != null) {
          return "row " + r + " column " + (c + 1) + ": " + difference;
        }
      }
    }
    return null;
  }

  private static String difference(Object a, Object b) {
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return "arrays of " + x.size() + " vs " + y.size();
      }
      for (int i = 0; i < x.size(); i++) {
        String difference = difference(x.get(i), y.get(i));
        if (difference != null) {
          return "element " + i + ": " + difference + " in " + abbreviate(x) + " vs "
              + abbreviate(y);
        }
      }
      return null;
    }
    if (a instanceof Double && b instanceof Number || a instanceof Number && b instanceof Double) {
      double u = ((Number) a).doubleValue();
      double v = ((Number) b).doubleValue();
      boolean same = u == v || Double.isNaN(u) && Double.isNaN(v)
          || Math.abs(u - v) <= TOLERANCE * Math.max(1, Math.max(Math.abs(u), Math.abs(v)));
      return same ? null : u + " vs " + v;
    }
    return java.util.Objects.equals(a, b) ? null : a + " vs " + b;
  }

  private static String abbreviate(List<?> list) {
    return list.size() <= 12 ? list.toString() : list.subList(0, 12) + "…";
  }

  /** The first values of each row, for a report. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    for (List<Object> row : rows) {
      text.append(text.length() == 0 ? "" : "; ");
      for (int c = 0; c < row.size(); c++) {
        Object value = row.get(c);
        text.append(c == 0 ? "" : ", ").append(value instanceof List<?> list ? abbreviate(list)
            : value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4g", d)
            : String.valueOf(value));
      }
    }
    return text.toString();
  }
}
