/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.boundarysql.sample.Cancellation;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@link ParallelRows} against plain loops over the same rows. */
class ParallelRowsTest {
  private static final int WIDTH = 700;

  private static float[][] rows(int count, long seed) {
    Random random = new Random(seed);
    float[][] rows = new float[count][WIDTH];
    for (float[] row : rows) {
      for (int i = 0; i < WIDTH; i++) {
        row[i] = random.nextFloat() * 4 - 1;
      }
    }
    return rows;
  }

  /** Large enough for several parts, rows in any order and repeated: the plain loop's mean. */
  @Test void meanOfManyRowsEqualsPlainLoop() {
    float[][] data = rows(6000, 3);
    int[] picked = new int[5000];
    Random random = new Random(5);
    for (int i = 0; i < picked.length; i++) {
      picked[i] = random.nextInt(data.length);
    }
    assertTrue((long) picked.length * WIDTH > 2 * ParallelRows.MIN_PART_VALUES);
    double[] expected = new double[WIDTH];
    for (int row : picked) {
      for (int i = 0; i < WIDTH; i++) {
        expected[i] += data[row][i];
      }
    }
    for (int i = 0; i < WIDTH; i++) {
      expected[i] /= picked.length;
    }
    MeanActivation mean = ParallelRows.accumulate(RowSource.of(data), picked, picked.length,
        MeanActivation::new);
    assertEquals(picked.length, mean.count());
    assertArrayEquals(expected, mean.mean(), 1e-12);
    // The same parts in the same order: the same bits, run after run.
    assertArrayEquals(mean.mean(), ParallelRows.accumulate(RowSource.of(data), picked,
        picked.length, MeanActivation::new).mean(), 0);
  }

  /** Only the first {@code count} rows count; argmax shares as counted here. */
  @Test void argmaxOfAPrefix() {
    float[][] data = rows(4000, 9);
    int[] all = new int[data.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    int count = 3500;
    double[] expected = new double[WIDTH];
    for (int r = 0; r < count; r++) {
      expected[ArgmaxDistribution.argmax(data[r])] += 1.0 / count;
    }
    ArgmaxDistribution shares = ParallelRows.accumulate(RowSource.of(data), all, count,
        ArgmaxDistribution::new);
    assertEquals(count, shares.count());
    assertArrayEquals(expected, shares.shares(), 1e-12);
  }

  /** Parts run under the caller's cancellation: a cancelled query stops its scan. */
  @Test void stopsWhenCancelled() {
    float[][] data = rows(4000, 1);
    int[] all = new int[data.length];
    Cancellation cancelled = Cancellation.create();
    cancelled.cancel("the statement was closed");
    try (Cancellation.Scope ignored = cancelled.enter()) {
      CancellationException e = assertThrows(CancellationException.class,
          () -> ParallelRows.accumulate(RowSource.of(data), all, all.length,
              MeanActivation::new));
      assertEquals("the statement was closed", e.getMessage());
    }
  }
}
