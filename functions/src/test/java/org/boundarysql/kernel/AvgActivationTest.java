/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tests {@link AvgActivation}. */
class AvgActivationTest {
  /** Two rows averaged by hand. */
  @Test void meanOfTwoRows() {
    AvgActivation mean = new AvgActivation();
    mean.add(new float[] {1, 2, 3});
    mean.add(new float[] {3, 0, -3});
    assertEquals(2, mean.count());
    assertArrayEquals(new double[] {2, 1, 0}, mean.mean(), 0);
  }

  /** Agrees with a naive loop on random rows, also when merged from two halves. */
  @Test void agreesWithNaiveLoop() {
    Random random = new Random(7);
    float[][] rows = new float[500][13];
    double[] naive = new double[13];
    for (float[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) random.nextGaussian();
        naive[i] += row[i] / 500.0;
      }
    }
    AvgActivation first = new AvgActivation(13);
    AvgActivation second = new AvgActivation();
    for (int r = 0; r < rows.length; r++) {
      (r < 200 ? first : second).add(rows[r]);
    }
    first.merge(second);
    assertEquals(500, first.count());
    assertArrayEquals(naive, first.mean(), 1e-9);
  }

  /** The width is fixed by the constructor or the first row. */
  /**
   * Rows added in place (the vector loop's blocks and its tail) give a naive loop's sums over
   * the count, to the last bit; a kernel without a loop of its own (ArgmaxDist) takes them one
   * by one: its shares are a hand count of each row's largest value.
   */
  @Test void addsStoredRows() {
    Random random = new Random(9);
    int width = 70;
    int count = 200;
    ByteBuffer bytes = ByteBuffer.allocate(4 * (3 + count * width)).order(ByteOrder.LITTLE_ENDIAN);
    double[] sums = new double[width];
    int[] largest = new int[width];
    for (int r = 0; r < count; r++) {
      int argmax = 0;
      for (int i = 0; i < width; i++) {
        float value = (float) random.nextGaussian();
        bytes.putFloat(4 * (3 + r * width + i), value);
        sums[i] += value;
        argmax = value > bytes.getFloat(4 * (3 + r * width + argmax)) ? i : argmax;
      }
      largest[argmax]++;
    }
    StoredRows rows = new StoredRows(bytes, 3, count, width);
    AvgActivation mean = new AvgActivation(width);
    mean.addAll(rows);
    assertEquals(count, mean.count());
    double[] expected = new double[width];
    double[] shares = new double[width];
    for (int i = 0; i < width; i++) {
      expected[i] = sums[i] / count;
      shares[i] = largest[i] / (double) count;
    }
    assertArrayEquals(expected, mean.mean(), 0);
    ArgmaxDist argmax = new ArgmaxDist(width);
    argmax.addAll(rows);
    assertArrayEquals(shares, argmax.shares(), 1e-15);
  }

  @Test void rejectsOtherWidths() {
    AvgActivation mean = new AvgActivation();
    mean.add(new float[2]);
    assertThrows(IllegalArgumentException.class, () -> mean.add(new float[3]));
    assertThrows(IllegalArgumentException.class, () -> new AvgActivation(4).add(new float[3]));
  }

  /** The mean of no rows is undefined. */
  @Test void emptyHasNoMean() {
    assertThrows(IllegalStateException.class, () -> new AvgActivation(3).mean());
  }
}
