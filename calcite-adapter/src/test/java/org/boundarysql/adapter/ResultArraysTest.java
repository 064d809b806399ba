/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.jdbc.Driver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver's ARRAY values ({@link ResultArrays}) read as Avatica's own: every value,
 * through getObject, getArray, its getArray() and ranges, getString, its base type and result
 * set, equals what a connection that prepares the same way without handing arrays over gives
 * (Calcite's driver over {@link StorePrepare}), element by element and of the same Java type;
 * and the values equal the test's stored floats and a plain loop's means.
 */
class ResultArraysTest {
  @TempDir static Path dir;
  static TestCatalog store;
  static Connection driver;
  /** The same catalog through Avatica's array accessor as it is. */
  static Connection avatica;

  @BeforeAll static void connect() throws IOException, SQLException {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    store = new TestCatalog(catalog, "t", 200, 3, 11, Map.of());
    driver = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog + ";cache="
        + dir.resolve("cache"));
    avatica = new Driver().withPrepareFactory(StorePrepare::new).connect("jdbc:calcite:",
        BoundaryConnectionProperties.properties("catalog", catalog, dir.resolve("cache"),
            Double.POSITIVE_INFINITY, null));
  }

  @AfterAll static void close() throws SQLException {
    driver.close();
    avatica.close();
  }

  /** REAL ARRAY (stored activations), several columns to a row, and one column alone. */
  @Test void storedActivationsReadAsAvaticaReadsThem() throws SQLException {
    float[][] fc2 = store.layers.get("fc2");
    List<List<Object>> rows = same("select id, activation from t.fc2 order by id", 1, true);
    assertEquals(store.items, rows.size());
    for (List<Object> row : rows) {
      assertArrayEquals(fc2[store.row((Long) row.get(0))], (float[]) row.get(1));
    }
    long id = store.ids[17];
    List<List<Object>> one = same("select activation from t.fc2 where id = " + id, 1, true);
    assertArrayEquals(fc2[17], (float[]) one.get(0).get(0));
  }

  /**
   * DOUBLE ARRAY (AVG_ACTIVATION's means, equal to a plain loop's) beside INTEGER ARRAY
   * (TOPK_NEURONS, left to Avatica), and a mean over no rows (null).
   */
  @Test void aggregateArraysReadAsAvaticaReadsThem() throws SQLException {
    List<List<Object>> rows = same("select label, avg_activation(activation) as mean,"
        + " topk_neurons(activation, 3) as top from t.fc2 group by label order by label", 1,
        true);
    float[][] fc2 = store.layers.get("fc2");
    for (List<Object> row : rows) {
      int label = (Integer) row.get(0);
      double[] sums = new double[fc2[0].length];
      int n = 0;
      for (int i = 0; i < store.items; i++) {
        if (store.labels[i] == label) {
          for (int k = 0; k < sums.length; k++) {
            sums[k] += fc2[i][k];
          }
          n++;
        }
      }
      double[] mean = (double[]) row.get(1);
      for (int k = 0; k < sums.length; k++) {
        assertEquals(sums[k] / n, mean[k], 1e-6, "label " + label + " neuron " + k);
      }
    }
    List<List<Object>> none = same("select avg_activation(activation) from t.fc2 where id < 0",
        1, false);
    assertNull(none.get(0).get(0));
  }

  /** Null values of an ARRAY column, and arrays built in SQL (left to Avatica). */
  @Test void nullsAndArraysBuiltInSqlReadAsAvaticaReadsThem() throws SQLException {
    List<List<Object>> rows = same("select id, case when label = 0 then null else activation"
        + " end as a, array[cast(id as double), 0.5e0] as b from t.fc2 order by id", 1, true);
    for (List<Object> row : rows) {
      assertEquals(store.labels[store.row((Long) row.get(0))] == 0, row.get(1) == null);
    }
  }

  /**
   * Runs {@code sql} on both connections and checks every value alike; returns the driver's
   * rows, arrays as their {@code getArray()}. When {@code some}, {@code handed} of the ARRAY
   * columns come as this driver's own arrays in at least one row (the rest as Avatica's).
   */
  private static List<List<Object>> same(String sql, int handed, boolean some)
      throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    int[] ours = new int[1];
    try (Statement s = driver.createStatement(); ResultSet r = s.executeQuery(sql);
         Statement t = avatica.createStatement(); ResultSet expected = t.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      List<Integer> arrays = new ArrayList<>();
      for (int i = 1; i <= columns; i++) {
        assertEquals(expected.getMetaData().getColumnType(i), r.getMetaData().getColumnType(i));
        assertEquals(expected.getMetaData().getColumnTypeName(i),
            r.getMetaData().getColumnTypeName(i));
      }
      while (expected.next()) {
        assertTrue(r.next(), sql);
        List<Object> row = new ArrayList<>();
        Arrays.fill(ours, 0);
        for (int i = 1; i <= columns; i++) {
          Object value = r.getObject(i);
          Object reference = expected.getObject(i);
          assertEquals(expected.getString(i), r.getString(i), sql + " column " + i);
          if (reference instanceof Array array) {
            Array got = (Array) value;
            if (got instanceof ListArray) {
              arrays.add(i);
            }
            sameArray(array, got, sql + " column " + i);
            sameArray(expected.getArray(i), r.getArray(i), sql + " column " + i);
            row.add(got.getArray());
          } else {
            assertEquals(reference, value, sql + " column " + i);
            assertEquals(expected.wasNull(), r.wasNull());
            row.add(value);
          }
        }
        rows.add(row);
      }
      assertFalse(r.next(), sql);
      if (some) {
        assertEquals(handed, arrays.stream().distinct().count(), sql);
      }
    }
    return rows;
  }

  private static void sameArray(Array expected, Array got, String what) throws SQLException {
    assertEquals(expected.getBaseType(), got.getBaseType(), what);
    assertEquals(expected.getBaseTypeName(), got.getBaseTypeName(), what);
    assertEquals(expected.toString(), got.toString(), what);
    Object values = expected.getArray();
    sameJava(values, got.getArray(), what);
    int length = java.lang.reflect.Array.getLength(values);
    sameJava(expected.getArray(1, 0), got.getArray(1, 0), what + " (empty range)");
    if (length >= 3) {
      sameJava(expected.getArray(2, length - 2), got.getArray(2, length - 2), what + " range");
    }
    for (long[] bad : new long[][] {{0, 1}, {1, length + 1}, {length + 2, 0}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> expected.getArray(bad[0], (int) bad[1]));
      assertEquals(e.getMessage(), assertThrows(IllegalArgumentException.class,
          () -> got.getArray(bad[0], (int) bad[1])).getMessage(), what);
    }
    try (ResultSet e = expected.getResultSet(); ResultSet g = got.getResultSet()) {
      int columns = e.getMetaData().getColumnCount();
      assertEquals(columns, g.getMetaData().getColumnCount(), what);
      while (e.next()) {
        assertTrue(g.next(), what);
        for (int i = 1; i <= columns; i++) {
          assertEquals(outcome(e, i), outcome(g, i), what);
        }
      }
      assertFalse(g.next(), what);
    }
  }

  /**
   * A value of Calcite's result set of an array, or its error: Calcite's accessor of the
   * values refuses to read them (it reads them as arrays), for its own arrays as for ours.
   */
  private static Object outcome(ResultSet elements, int column) {
    try {
      return elements.getObject(column);
    } catch (SQLException e) {
      return e.getClass() + ": " + e.getMessage().replaceAll("@\\p{XDigit}+", "");
    }
  }

  /** Same Java class (float[], double[], Object[] ...) and equal elements. */
  private static void sameJava(Object expected, Object got, String what) {
    assertInstanceOf(expected.getClass(), got, what);
    assertEquals(expected.getClass(), got.getClass(), what);
    assertTrue(Objects.deepEquals(expected, got), what + ": " + JdbcRows.list(expected)
        + " against " + JdbcRows.list(got));
  }
}
