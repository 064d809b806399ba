/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.apache.spark.sql.Row;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A query's rows from either engine as lists of plain values (numbers as doubles, arrays as
 * lists), compared within a tolerance.
 */
final class Answers {
  private Answers() {
  }

  /** Runs {@code sql} on Spark. */
  static List<List<Object>> spark(String sql) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : TestSpark.SPARK.sql(sql).collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        Object value = row.get(i);
        values.add(plain(value instanceof scala.collection.Seq<?> seq
            ? scala.jdk.javaapi.CollectionConverters.asJava(seq) : value));
      }
      rows.add(values);
    }
    return rows;
  }

  /** Runs {@code sql} on BoundarySQL embedded, on the test catalog. */
  static List<List<Object>> boundarySql(String sql) throws SQLException {
    return boundarySql(TestSpark.boundarySql(), sql);
  }

  /** Runs {@code sql} on a BoundarySQL connection. */
  static List<List<Object>> boundarySql(Connection connection, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = result.getObject(i);
          values.add(plain(value instanceof Array array ? elements(array.getArray()) : value));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  private static List<Object> elements(Object array) {
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
      list.add(java.lang.reflect.Array.get(array, i));
    }
    return list;
  }

  /** Numbers as doubles, lists element by element, anything else as it is. */
  static Object plain(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Answers::plain).toList();
    }
    return value;
  }

  /** Asserts the same rows, numbers equal within {@code tolerance} (relative above 1). */
  static void assertSameRows(List<List<Object>> expected, List<List<Object>> actual,
      double tolerance, String what) {
    assertEquals(expected.size(), actual.size(), what + ": row count");
    for (int r = 0; r < expected.size(); r++) {
      assertSameValue(expected.get(r), actual.get(r), tolerance, what + " row " + r);
    }
  }

  private static void assertSameValue(Object expected, Object actual, double tolerance,
      String what) {
    if (expected instanceof Double e && actual instanceof Double a) {
      if (!(e.isNaN() && a.isNaN())) {
        assertEquals(e, a, tolerance * Math.max(1, Math.abs(e)), what + ": " + expected
            + " vs " + actual);
      }
    } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
      assertEquals(e.size(), a.size(), what + ": length of " + e + " vs " + a);
      for (int i = 0; i < e.size(); i++) {
        assertSameValue(e.get(i), a.get(i), tolerance, what + "[" + i + "]");
      }
    } else {
      assertEquals(expected, actual, what);
    }
  }
}
