/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.boundarysql.task.Cancellation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    AvgActivation mean = ParallelRows.accumulate(RowSource.of(data), picked, picked.length,
        AvgActivation::new);
    assertEquals(picked.length, mean.count());
    assertArrayEquals(expected, mean.mean(), 1e-12);
    // The same parts in the same order: the same bits, run after run.
    assertArrayEquals(mean.mean(), ParallelRows.accumulate(RowSource.of(data), picked,
        picked.length, AvgActivation::new).mean(), 0);
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
      expected[ArgmaxDist.argmax(data[r])] += 1.0 / count;
    }
    ArgmaxDist shares = ParallelRows.accumulate(RowSource.of(data), all, count,
        ArgmaxDist::new);
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
              AvgActivation::new));
      assertEquals("the statement was closed", e.getMessage());
    }
  }

  /**
   * Every row is read once however the parts are shared out: a part a pool thread has begun
   * is not run again by the caller (the work would double and the second core idle).
   */
  @Test void readsEachRowOnce() {
    float[][] data = rows(6000, 4);
    int[] all = new int[data.length];
    Arrays.setAll(all, i -> i);
    AtomicLong reads = new AtomicLong();
    RowSource counted = new RowSource() {
      @Override public int rows() {
        return data.length;
      }

      @Override public int width() {
        return WIDTH;
      }

      @Override public void read(int row, float[] dst) {
        reads.incrementAndGet();
        System.arraycopy(data[row], 0, dst, 0, WIDTH);
      }
    };
    for (int run = 0; run < 20; run++) {
      reads.set(0);
      ParallelRows.accumulate(counted, all, all.length, AvgActivation::new);
      assertEquals(all.length, reads.get(), "run " + run);
    }
  }

  /**
   * One pass over rows of several groups gives each group's kernels the plain loops' answers
   * over that group's rows; a group without rows has none.
   */
  @Test void accumulatesGroupsInOnePass() {
    float[][] data = rows(6000, 6);
    int groups = 4;
    int[] all = new int[data.length];
    int[] groupOf = new int[data.length];
    Arrays.setAll(all, i -> i);
    Random random = new Random(8);
    Arrays.setAll(groupOf, i -> random.nextInt(groups - 1)); // group 3 stays empty
    RowAccumulator<?>[][] kernels = ParallelRows.accumulateGroups(RowSource.of(data), all,
        all.length, groupOf, groups, List.of(AvgActivation::new, ArgmaxDist::new));
    for (int g = 0; g < groups - 1; g++) {
      double[] mean = new double[WIDTH];
      double[] shares = new double[WIDTH];
      int count = 0;
      for (int r = 0; r < data.length; r++) {
        if (groupOf[r] == g) {
          count++;
          for (int i = 0; i < WIDTH; i++) {
            mean[i] += data[r][i];
          }
          shares[ArgmaxDist.argmax(data[r])]++;
        }
      }
      for (int i = 0; i < WIDTH; i++) {
        mean[i] /= count;
        shares[i] /= count;
      }
      assertArrayEquals(mean, ((AvgActivation) kernels[g][0]).mean(), 1e-12);
      assertArrayEquals(shares, ((ArgmaxDist) kernels[g][1]).shares(), 1e-12);
    }
    assertNull(kernels[groups - 1][0]);
    assertNull(kernels[groups - 1][1]);
  }
}
