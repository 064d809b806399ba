/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GROUP BY over narrowed scans keeps its groups, and AVG of integers is a DOUBLE; expected
 * values come from plain loops over the test's own arrays.
 *
 * <p>Pins the bug where a scan narrowed to {@code (split, label)} kept reporting the table's
 * key {0} ({@code id}): the planner took {@code split} for unique and removed the aggregate,
 * answering one row per item.
 */
class GroupingTest {
  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog store;

  @BeforeAll static void writeCatalog() throws IOException {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    store = new TestCatalog(catalog, "s", 700, 5, 7, Map.of());
  }

  static List<String> rows(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
             + ";cache=" + dir.resolve("cache"));
         Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(r.getObject(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  /** Per key: {count, sum}. */
  private static Map<Object, double[]> groups(Map<Object, double[]> groups, Object key,
      double value) {
    double[] g = groups.computeIfAbsent(key, k -> new double[2]);
    g[0]++;
    g[1] += value;
    return groups;
  }

  @Test void groupsBySplit() throws SQLException {
    Map<Object, double[]> expected = new TreeMap<>();
    for (int i = 0; i < store.items; i++) {
      groups(expected, store.splits[i], store.labels[i]);
    }
    List<String> want = new ArrayList<>();
    expected.forEach((split, g) -> want.add(split + "|" + (long) g[0] + "|" + g[1] / g[0]));
    assertEquals(want,
        rows("select split, count(*), avg(label) from s.items group by split order by split"));
  }

  @Test void groupsLayerRowsByLabel() throws SQLException {
    Map<Object, double[]> expected = new TreeMap<>();
    for (int i = 0; i < store.items; i++) {
      groups(expected, store.labels[i], store.layers.get("fc2")[i][0]);
    }
    List<String> actual = rows("select label, count(*), avg(activation[1]) from s.fc2"
        + " group by label order by label");
    assertEquals(expected.size(), actual.size());
    int k = 0;
    for (Map.Entry<Object, double[]> e : expected.entrySet()) {
      String[] parts = actual.get(k++).split("\\|");
      assertEquals(e.getKey().toString(), parts[0]);
      assertEquals((long) e.getValue()[0], Long.parseLong(parts[1]));
      assertEquals(e.getValue()[1] / e.getValue()[0], Double.parseDouble(parts[2]), 1e-5);
    }
  }

  @Test void ordersAndLimitsGroupsOfMisclassifiedItems() throws SQLException {
    Map<Object, double[]> expected = new TreeMap<>();
    for (int i = 0; i < store.items; i++) {
      if (store.labels[i] != store.predicted[i]) {
        groups(expected, store.labels[i], store.ids[i]);
      }
    }
    List<Map.Entry<Object, double[]>> sorted = new ArrayList<>(expected.entrySet());
    sorted.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
        ? Double.compare(b.getValue()[0], a.getValue()[0])
        : Integer.compare((Integer) a.getKey(), (Integer) b.getKey()));
    List<String> want = sorted.subList(0, 3).stream()
        .map(e -> e.getKey() + "|" + (long) e.getValue()[0] + "|"
            + e.getValue()[1] / e.getValue()[0]).toList();
    assertEquals(want, rows("select label, count(*), avg(id) from s.items where not correct"
        + " group by label order by 2 desc, 1 limit 3"));
  }

  /** {@code avg(id)} keeps its fraction, as in PostgreSQL and DuckDB. */
  @Test void averagesIntegersAsDouble() throws SQLException {
    double sum = 0;
    for (long id : store.ids) {
      sum += id;
    }
    assertEquals(List.of(String.valueOf(sum / store.items)), rows("select avg(id) from s.items"));
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
             + ";cache=" + dir.resolve("cache"));
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select avg(label) from s.items")) {
      assertEquals(Types.DOUBLE, r.getMetaData().getColumnType(1));
    }
  }
}
