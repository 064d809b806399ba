/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.TestCatalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage and error estimates through the remote driver: counts against plain loops over the
 * test's arrays and the sampler's ids, intervals as plain DOUBLE arrays, and a bad argument
 * that fails its statement only.
 */
class ServerPopulationTest {
  @TempDir Path dir;

  @Test void coverageAndEstimatesRemotely() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    TestCatalog store = new TestCatalog(catalog, "tiny", 600, 3, 9, Map.of());
    SortedSet<Long> sampled = store.sampleIds("uniform", 0.2, 0.7, 4);
    Map<Integer, long[]> expected = new TreeMap<>();
    for (int i = 0; i < store.items; i++) {
      if (store.labels[i] == store.predicted[i]) {
        long[] c = expected.computeIfAbsent(store.labels[i], l -> new long[2]);
        c[0] += sampled.contains(store.ids[i]) ? 1 : 0;
        c[1]++;
      }
    }
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache"),
            BoundaryServer.LOOPBACK, 0, null);
         Connection c = RemoteServer.connect(server);
         Statement s = c.createStatement()) {
      Map<Integer, long[]> actual = new TreeMap<>();
      try (ResultSet r = s.executeQuery("select label, count(*), population_count(),"
          + " error_estimator(), avg_activation_error(activation)"
          + " from tiny.fc2 tablesample boundary('uniform', 0.2) repeatable(4)"
          + " where correct group by label")) {
        while (r.next()) {
          actual.put(r.getInt(1), new long[] {r.getLong(2), r.getLong(3)});
          assertEquals("bootstrap", r.getString(4));
          Object[] interval = (Object[]) r.getArray(5).getArray();
          double[] values = Arrays.stream(interval).mapToDouble(v -> (Double) v).toArray();
          assertEquals(3, values.length);
          assertTrue(values[1] <= values[0] && values[0] <= values[2], Arrays.toString(values));
        }
      }
      assertEquals(expected.keySet(), actual.keySet());
      expected.forEach((label, counts) -> assertArrayEquals(counts, actual.get(label)));

      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
          "select topk_neurons_error(activation, 0) from tiny.fc2"));
      assertEquals(BoundaryErrors.BAD_ARGUMENT, e.getSQLState());
      assertTrue(e.getMessage().contains("TOPK_NEURONS_ERROR: k must be between 1"),
          e.getMessage());
      assertEquals(store.items, RemoteServer.single(c, "select population_count()"
          + " from tiny.fc2 tablesample boundary('maxmargin', 0.1)"));
    }
  }
}
