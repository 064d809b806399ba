/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The population's auxiliary moments against a loop over the values the test wrote (latent
 * layer, logits, their softmax), and kept for the same layers and multiset of rows only.
 */
class PopulationMomentsTest {
  @TempDir Path dir;
  private final float[][] latent = new float[300][5];
  private final float[][] logits = new float[300][3];

  /** Writes a store of 300 items: a latent layer of 5 neurons and logits of 3 classes. */
  private Store store() throws IOException {
    Random random = new Random(5);
    StoreManifest manifest = new StoreManifest("m", List.of("a", "b", "c"), "latent",
        List.of(new LayerSpec("latent", new int[] {5}), new LayerSpec("logits", new int[] {3})));
    try (StoreWriter writer = new StoreWriter(dir.resolve("m"), manifest, 300)) {
      for (int i = 0; i < 300; i++) {
        for (int j = 0; j < 5; j++) {
          latent[i][j] = (float) Math.max(0, random.nextGaussian() + j % 3);
        }
        for (int c = 0; c < 3; c++) {
          logits[i][c] = (float) (2 * random.nextGaussian());
        }
        writer.writeItem(1000L + i, "test", i % 3, (i + i / 7) % 3);
        writer.writeActivation("latent", latent[i]);
        writer.writeActivation("logits", logits[i]);
      }
    }
    return Store.open(dir.resolve("m"), dir.resolve("cache"));
  }

  /** Mean and standard deviation (over the rows, divided by their number) of each auxiliary. */
  private double[] expected(int[] rows) {
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
    EstimateSource source = EstimateSource.bernoulli(store(), 0.5);
    int[] rows = {205, 3, 3, 17, 299, 42, 0};
    // a buffer longer than the group: only the first `count` rows are the group's
    int[] buffer = Arrays.copyOf(rows, 64);
    double[] moments = PopulationMoments.of(source, buffer, rows.length);
    double[] want = expected(rows);
    assertEquals(want.length, moments.length);
    for (int j = 0; j < want.length; j++) {
      assertEquals(want[j], moments[j], 1e-9 * Math.max(1, Math.abs(want[j])), "moment " + j);
    }
    assertSame(moments, PopulationMoments.of(source, new int[] {0, 42, 299, 17, 3, 3, 205}, 7),
        "the same rows in another order are the same group");
    int[] once = {205, 3, 17, 299, 42, 0};
    double[] other = PopulationMoments.of(source, once, once.length);
    assertNotSame(moments, other);
    want = expected(once);
    for (int j = 0; j < want.length; j++) {
      assertEquals(want[j], other[j], 1e-9 * Math.max(1, Math.abs(want[j])), "moment " + j);
    }
  }
}
