/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL sent again as a plain statement reuses its plan ({@link CachingPrepare}), from any
 * connection with the same settings, and still gives the answers of plain loops over the
 * written values; groups large enough to be scanned on several cores too. (A store changed
 * under the cache is {@link InvalidationTest}'s subject: it runs the same SQL text before and
 * after the change.)
 */
class PlanCacheTest {
  private static final int ITEMS = 3000;
  private static final int WIDTH = 600;
  private static final String MEANS = "select label, count(*), avg_activation(activation)"
      + " from s.wide where split = 'test' group by label order by label";

  @TempDir static Path dir;
  private static TestCatalog store;

  @BeforeAll static void writeStore() throws Exception {
    store = new TestCatalog(dir.resolve("catalog"), "s", ITEMS, 3, 17,
        Map.of("wide", new int[] {WIDTH}));
  }

  private static Connection connect(String extra) throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + dir.resolve("catalog")
        + ";cache=" + dir.resolve("cache") + extra);
  }

  /** Per label of the test items: count, then the mean of every neuron of "wide". */
  private static List<double[]> expectedMeans() {
    List<double[]> rows = new ArrayList<>();
    float[][] wide = store.layers.get("wide");
    for (int label = 0; label < store.classes; label++) {
      double[] row = new double[WIDTH + 1];
      for (int i = 0; i < ITEMS; i++) {
        if (store.labels[i] == label && store.splits[i].equals("test")) {
          row[0]++;
          for (int n = 0; n < WIDTH; n++) {
            row[n + 1] += wide[i][n];
          }
        }
      }
      for (int n = 1; n <= WIDTH; n++) {
        row[n] /= row[0];
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<double[]> means(Connection connection) throws SQLException {
    List<double[]> rows = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(MEANS)) {
      while (r.next()) {
        double[] mean = (double[]) r.getArray(3).getArray();
        double[] row = new double[WIDTH + 1];
        row[0] = r.getLong(2);
        System.arraycopy(mean, 0, row, 1, WIDTH);
        rows.add(row);
      }
    }
    return rows;
  }

  private static void assertMeans(List<double[]> actual) {
    List<double[]> expected = expectedMeans();
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), 1e-9, "label " + i);
    }
  }

  /** The second run of the same text, on another connection, is a cache hit, same answer. */
  @Test void repeatedTextReusesThePlan() throws Exception {
    try (Connection first = connect("")) {
      assertMeans(means(first));
    }
    long hits = CachingPrepare.hits();
    try (Connection second = connect("")) {
      assertMeans(means(second));
      assertMeans(means(second));
    }
    assertEquals(hits + 2, CachingPrepare.hits());
  }

  /** Settings that change how SQL is read are part of the key: no plan of another lex. */
  @Test void otherSettingsPlanAgain() throws Exception {
    try (Connection standard = connect("")) {
      means(standard);
    }
    long hits = CachingPrepare.hits();
    try (Connection mysql = connect(";lex=MYSQL")) {
      assertMeans(means(mysql));
    }
    assertEquals(hits, CachingPrepare.hits());
  }

  /**
   * Every connection setting is part of the key: a plan made with Oracle's functions
   * ({@code fun=oracle}) is not run for a connection without them, which must fail as it
   * would on its own (the key once held only some settings, and the second connection got 0).
   */
  @Test void functionLibraryIsPartOfTheKey() throws Exception {
    String sql = "select nvl(label, 0) from s.wide where id = " + store.ids[3];
    try (Connection oracle = connect(";fun=oracle"); Statement s = oracle.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      assertTrue(r.next());
      assertEquals(store.labels[3], r.getInt(1));
    }
    try (Connection standard = connect(""); Statement s = standard.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql));
      assertEquals(BoundaryErrors.UNKNOWN_FUNCTION, e.getSQLState(), e.getMessage());
    }
  }

  /** So are the quoting and casing settings, which change what a text names. */
  @Test void quotingIsPartOfTheKey() throws Exception {
    String sql = "select count(*) from s.wide where split = 'test' and [label] >= 0";
    try (Connection brackets = connect(";quoting=BRACKET");
         Statement s = brackets.createStatement(); ResultSet r = s.executeQuery(sql)) {
      assertTrue(r.next());
    }
    try (Connection standard = connect(""); Statement s = standard.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql));
      assertEquals(BoundaryErrors.SYNTAX, e.getSQLState(), e.getMessage());
    }
  }

  /** A row limit set on the statement is honoured by a cached plan too. */
  @Test void maxRowsOfCachedPlan() throws Exception {
    try (Connection c = connect(""); Statement s = c.createStatement()) {
      for (int run = 0; run < 2; run++) {
        s.setMaxRows(2);
        int rows = 0;
        try (ResultSet r = s.executeQuery(MEANS)) {
          while (r.next()) {
            rows++;
          }
        }
        assertTrue(rows <= 2, rows + " rows");
      }
    }
  }
}
