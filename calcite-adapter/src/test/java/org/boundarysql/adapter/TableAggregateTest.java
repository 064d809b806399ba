/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Aggregates that the scan computes itself ({@link BoundaryTableAggregate}) give, for every
 * grouping by item columns, the groups, counts, means, top-k and argmax shares that plain loops
 * over the test's own arrays give; EXPLAIN shows that the scan computed them.
 */
class TableAggregateTest {
  private static final String[] KEYS = {"id", "split", "label", "predicted", "correct"};
  private static final int K = 3;

  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog store;

  @BeforeAll static void writeCatalog() throws IOException {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    // "wide": 700 groups of ids × 3 kernels × 6,000 neurons are too many kernels for one
    // pass over the rows, so each group is read on its own.
    store = new TestCatalog(catalog, "s", 700, 5, 11, Map.of("wide", new int[] {6000}));
  }

  /** Every non-empty set of item columns. */
  static Stream<List<String>> groupings() {
    return IntStream.range(1, 1 << KEYS.length).mapToObj(mask -> IntStream
        .range(0, KEYS.length).filter(b -> (mask & 1 << b) != 0).mapToObj(b -> KEYS[b])
        .toList());
  }

  @ParameterizedTest @MethodSource("groupings")
  void groupsAsPlainLoops(List<String> keys) throws SQLException {
    check(keys, "fc2");
  }

  @Test void groupsByIdOrLabelOnAWideLayer() throws SQLException {
    check(List.of("id"), "wide");
    check(List.of("label"), "wide");
  }

  private static void check(List<String> keys, String layer) throws SQLException {
    String list = String.join(", ", keys);
    String sql = "select " + list + ", count(*), avg_activation(activation),"
        + " topk_neurons(activation, " + K + "), argmax_dist(activation)\n"
        + "from s." + layer + " where label <> 2 group by " + list;
    assertTrue(plan(sql).startsWith("BoundaryTableAggregate"), plan(sql));

    Map<List<Object>, List<Integer>> expected = new HashMap<>();
    for (int i = 0; i < store.items; i++) {
      if (store.labels[i] != 2) {
        expected.computeIfAbsent(key(i, keys), k -> new ArrayList<>()).add(i);
      }
    }
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      int groups = 0;
      while (r.next()) {
        groups++;
        List<Object> key = new ArrayList<>();
        for (int k = 1; k <= keys.size(); k++) {
          key.add(r.getObject(k));
        }
        List<Integer> rows = expected.get(key);
        assertTrue(rows != null, "unexpected group " + key);
        int at = keys.size() + 1;
        assertEquals(rows.size(), r.getLong(at));
        double[] mean = mean(layer, rows);
        assertArrayEquals(mean, doubles(r.getArray(at + 1)), 1e-9);
        assertEquals(topK(mean), values(r.getArray(at + 2)));
        assertArrayEquals(argmaxShares(layer, rows), doubles(r.getArray(at + 3)), 1e-12);
      }
      assertEquals(expected.size(), groups);
    }
  }

  /** Without GROUP BY, no row passing still gives one row: count 0 and null aggregates. */
  @Test void emptyInputGivesOneRowOfNulls() throws SQLException {
    String sql = "select count(*), avg_activation(activation), topk_neurons(activation, 2)"
        + " from s.fc2 where label > 1000";
    assertTrue(plan(sql).startsWith("BoundaryTableAggregate"), plan(sql));
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      assertTrue(r.next());
      assertEquals(0, r.getLong(1));
      assertNull(r.getArray(2));
      assertNull(r.getArray(3));
    }
  }

  private static List<Object> key(int row, List<String> keys) {
    List<Object> key = new ArrayList<>();
    for (String k : keys) {
      key.add(switch (k) {
        case "id" -> store.ids[row];
        case "split" -> store.splits[row];
        case "label" -> store.labels[row];
        case "predicted" -> store.predicted[row];
        default -> store.labels[row] == store.predicted[row];
      });
    }
    return key;
  }

  private static double[] mean(String layer, List<Integer> rows) {
    float[][] values = store.layers.get(layer);
    double[] mean = new double[values[0].length];
    for (int row : rows) {
      for (int n = 0; n < mean.length; n++) {
        mean[n] += values[row][n];
      }
    }
    for (int n = 0; n < mean.length; n++) {
      mean[n] /= rows.size();
    }
    return mean;
  }

  /** The K highest means, highest first, ties to the lower neuron. */
  private static List<Object> topK(double[] mean) {
    return IntStream.range(0, mean.length).boxed()
        .sorted(Comparator.comparingDouble((Integer n) -> -mean[n]).thenComparing(n -> n))
        .limit(K).map(n -> (Object) n).toList();
  }

  private static double[] argmaxShares(String layer, List<Integer> rows) {
    float[][] values = store.layers.get(layer);
    double[] shares = new double[values[0].length];
    for (int row : rows) {
      int best = 0;
      for (int n = 1; n < shares.length; n++) {
        best = values[row][n] > values[row][best] ? n : best;
      }
      shares[best] += 1.0 / rows.size();
    }
    return shares;
  }

  private static double[] doubles(Array array) throws SQLException {
    return values(array).stream().mapToDouble(v -> (Double) v).toArray();
  }

  /** The elements of a JDBC array, which may come as a primitive or an object array. */
  private static List<Object> values(Array array) throws SQLException {
    Object elements = array.getArray();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < java.lang.reflect.Array.getLength(elements); i++) {
      values.add(java.lang.reflect.Array.get(elements, i));
    }
    return values;
  }

  private static String plan(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("explain plan for " + sql)) {
      r.next();
      return r.getString(1);
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + catalog + ";cache="
        + dir.resolve("cache"));
  }
}
