/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.store.StoreTokens;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GROUP BY} over a tokens table that the table computes itself ({@link TokensAggregate})
 * numbers its groups by a table of the key's codes when they span a short range and by a map
 * otherwise: here token ids spread over billions (as a hashed vocabulary's are), which only a
 * map numbers, beside token texts and item ids, which a table numbers. Counts and means equal
 * a plain loop over the values and tokens the test wrote.
 */
class TokensAggregateTest {
  /** Positions per item and hidden values per position of layer "seq". */
  private static final int LENGTH = 6;
  private static final int HIDDEN = 4;
  private static final int VOCABULARY = 40;
  /** Far more than the table of codes spans (2^20 cells), so the map numbers them. */
  private static final long ID_STEP = 5_000_011L;

  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog store;
  /** Per item, its tokens' vocabulary entries, one per unpadded position. */
  static int[][] tokens;

  @BeforeAll static void writeCatalog() throws IOException {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    store = new TestCatalog(catalog, "t", 300, 3, 5, Map.of("seq",
        new int[] {LENGTH, HIDDEN}));
    Random random = new Random(7);
    tokens = new int[store.items][];
    try (StoreTokens.Writer writer = new StoreTokens.Writer(catalog.resolve("t"),
        List.of("seq"), LENGTH)) {
      for (int i = 0; i < store.items; i++) {
        tokens[i] = new int[1 + random.nextInt(LENGTH)];
        long[] ids = new long[LENGTH];
        long[] mask = new long[LENGTH];
        String[] texts = new String[LENGTH];
        for (int p = 0; p < LENGTH; p++) {
          int entry = random.nextInt(VOCABULARY);
          if (p < tokens[i].length) {
            tokens[i][p] = entry;
            mask[p] = 1;
          }
          ids[p] = 3_000_000_000L + entry * ID_STEP;
          texts[p] = "w" + entry;
        }
        writer.write(store.ids[i], ids, mask, texts);
      }
    }
  }

  @Test void tokenIdsSpreadPastTheTableOfCodesAreGroupedByAMap() throws SQLException {
    check("token_id", entry -> 3_000_000_000L + entry * ID_STEP);
  }

  @Test void tokenTextsAreGroupedByATableOfCodes() throws SQLException {
    check("token", entry -> "w" + entry);
  }

  /**
   * Groups by {@code key} (a column whose value is {@code value} of a vocabulary entry) give
   * the count and mean of a plain loop over the tokens' rows of layer "seq".
   */
  private static void check(String key, IntFunction<Object> value) throws SQLException {
    String sql = "select " + key + ", count(*), avg_activation(activation) from t.seq_tokens"
        + " group by " + key;
    Map<Object, double[]> sums = new HashMap<>();
    Map<Object, Long> counts = new HashMap<>();
    float[][] seq = store.layers.get("seq");
    for (int i = 0; i < store.items; i++) {
      for (int p = 0; p < tokens[i].length; p++) {
        Object group = value.apply(tokens[i][p]);
        counts.merge(group, 1L, Long::sum);
        double[] sum = sums.computeIfAbsent(group, g -> new double[HIDDEN]);
        for (int k = 0; k < HIDDEN; k++) {
          sum[k] += seq[i][p * HIDDEN + k];
        }
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
        + ";cache=" + dir.resolve("cache"))) {
      String plan = JdbcRows.rows(c, "explain plan for " + sql).toString();
      assertTrue(plan.contains("TokensAggregate") && plan.contains("group=[" + key + "]"),
          plan);
      List<List<Object>> rows = JdbcRows.rows(c, sql);
      assertEquals(counts.size(), rows.size(), sql);
      List<Object> seen = new ArrayList<>();
      for (List<Object> row : rows) {
        Object group = row.get(0) instanceof Number n && key.equals("token_id")
            ? (Object) n.longValue() : row.get(0);
        seen.add(group);
        long count = ((Number) row.get(1)).longValue();
        assertEquals(counts.get(group), count, key + " " + group);
        List<?> mean = (List<?>) row.get(2);
        for (int k = 0; k < HIDDEN; k++) {
          assertEquals(sums.get(group)[k] / count, ((Number) mean.get(k)).doubleValue(), 1e-12,
              key + " " + group + " neuron " + k);
        }
      }
      assertEquals(counts.keySet(), new HashSet<>(seen));
    }
  }
}
