/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.store.Store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The population's auxiliary moments against a loop over the values the test wrote (latent
 * layer, logits, their softmax), and kept for the same layers and multiset of rows only.
 */
class PopulationMomentsTest {
  @TempDir Path dir;

  /** Mean and standard deviation (over the rows, divided by their number) of each auxiliary. */
  private static double[] expected(TestCatalog catalog, int[] rows) {
    float[][] latent = catalog.layers.get("fc2");
    float[][] logits = catalog.layers.get("logits");
    int q = latent[0].length + 2 * logits[0].length;
    double[] sum = new double[q];
    double[] squares = new double[q];
    for (int row : rows) {
      double[] aux = new double[q];
      for (int j = 0; j < latent[row].length; j++) {
        aux[j] = latent[row][j];
      }
      double total = 0;
      for (int c = 0; c < logits[row].length; c++) {
        aux[latent[row].length + c] = logits[row][c];
        total += Math.exp(logits[row][c]);
      }
      for (int c = 0; c < logits[row].length; c++) {
        aux[latent[row].length + logits[row].length + c] = Math.exp(logits[row][c]) / total;
      }
      for (int j = 0; j < q; j++) {
        sum[j] += aux[j];
        squares[j] += aux[j] * aux[j];
      }
    }
    double[] moments = new double[2 * q];
    for (int j = 0; j < q; j++) {
      double mean = sum[j] / rows.length;
      moments[j] = mean;
      moments[q + j] = Math.sqrt(squares[j] / rows.length - mean * mean);
    }
    return moments;
  }

  @Test void momentsOfAGroupsRowsKeptForTheSameRows() throws IOException {
    TestCatalog catalog = new TestCatalog(dir.resolve("catalog"), "m", 300, 4, 5,
        Map.of("logits", new int[] {4}));
    Store store = Store.open(dir.resolve("catalog").resolve("m"), dir.resolve("cache"));
    EstimateSource source = EstimateSource.bernoulli(store, 0.5);
    int[] rows = {205, 3, 3, 17, 299, 42, 0};
    // a buffer longer than the group: only the first `count` rows are the group's
    int[] buffer = Arrays.copyOf(rows, 64);
    double[] moments = PopulationMoments.of(source, buffer, rows.length);
    double[] want = expected(catalog, rows);
    assertEquals(want.length, moments.length);
    for (int j = 0; j < want.length; j++) {
      assertEquals(want[j], moments[j], 1e-9 * Math.max(1, Math.abs(want[j])), "moment " + j);
    }
    assertSame(moments, PopulationMoments.of(source, new int[] {0, 42, 299, 17, 3, 3, 205}, 7),
        "the same rows in another order are the same group");
    int[] once = {205, 3, 17, 299, 42, 0};
    double[] other = PopulationMoments.of(source, once, once.length);
    assertNotSame(moments, other);
    want = expected(catalog, once);
    for (int j = 0; j < want.length; j++) {
      assertEquals(want[j], other[j], 1e-9 * Math.max(1, Math.abs(want[j])), "moment " + j);
    }
  }
}
