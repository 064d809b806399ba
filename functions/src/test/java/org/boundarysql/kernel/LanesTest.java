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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@link Lanes}: the vector loops against plain loops written here. */
class LanesTest {
  /** The build runs the tests with the Vector API, as the launcher runs the product. */
  @Test void testsRunVectorised() {
    assertTrue(Lanes.vectorised(), "surefire's argLine lost --add-modules jdk.incubator.vector");
  }

  /** Every width, tails included: the same sums as a plain loop, to the last bit. */
  @Test void addToEqualsPlainLoop() {
    Random random = new Random(7);
    LaneLoops vector = new VectorLoops();
    for (int width = 0; width <= 67; width++) {
      double[] expected = new double[width];
      double[] sums = new double[width];
      for (int r = 0; r < 50; r++) {
        float[] row = new float[width];
        for (int i = 0; i < width; i++) {
          row[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
          expected[i] += row[i];
        }
        vector.addTo(sums, row);
      }
      assertArrayEquals(expected, sums, 0, "width " + width);
    }
  }

  /** Scaled rows added, every width: the same sums as a plain loop, to the last bit. */
  @Test void addScaledEqualsPlainLoop() {
    Random random = new Random(13);
    for (int width = 0; width <= 67; width++) {
      double[] expected = new double[width];
      double[] vector = new double[width];
      double[] scalar = new double[width];
      for (int r = 0; r < 50; r++) {
        float[] row = new float[width];
        double weight = random.nextGaussian();
        for (int i = 0; i < width; i++) {
          row[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
          expected[i] += weight * row[i];
        }
        new VectorLoops().addScaled(vector, weight, row);
        new ScalarLoops().addScaled(scalar, weight, row);
      }
      assertArrayEquals(expected, vector, 0, "width " + width);
      assertArrayEquals(expected, scalar, 0, "width " + width);
    }
  }

  /** Sums of floats in a buffer, both byte orders, ranges that end inside a vector. */
  @Test void sumEqualsPlainSum() {
    Random random = new Random(11);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      ByteBuffer bytes = ByteBuffer.allocateDirect(4 * 1000).order(order);
      for (int i = 0; i < 1000; i++) {
        bytes.putFloat(4 * i, random.nextFloat());
      }
      for (int[] range : new int[][] {{0, 1000}, {3, 997}, {100, 101}, {5, 5}}) {
        double expected = 0;
        for (int i = range[0]; i < range[1]; i++) {
          expected += bytes.getFloat(4 * i);
        }
        for (LaneLoops loops : new LaneLoops[] {new VectorLoops(), new ScalarLoops()}) {
          assertEquals(expected, loops.sum(bytes, 4 * range[0], 4 * range[1]),
              1e-5 * Math.max(1, expected), loops + " " + order + " " + range[0]);
        }
      }
    }
  }
  /**
   * Rows added in place, both byte orders, every width (tails included), row counts that span
   * several tiles of the vector loop: the same sums as a plain loop, to the last bit.
   */
  @Test void addRowsEqualsPlainLoop() {
    Random random = new Random(17);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      for (int width = 0; width <= 67; width++) {
        for (int count : new int[] {0, 1, 5, 300, width < 4 ? 5000 : 301}) {
          int start = random.nextInt(10);
          ByteBuffer bytes = ByteBuffer.allocateDirect(4 * (start + count * width + 3))
              .order(order);
          double[] expected = new double[width];
          double[] vector = new double[width];
          double[] scalar = new double[width];
          for (int r = 0; r < count; r++) {
            for (int i = 0; i < width; i++) {
              float value = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
              bytes.putFloat(4 * (start + r * width + i), value);
              expected[i] += value;
            }
          }
          StoredRows rows = new StoredRows(bytes, start, count, width);
          new VectorLoops().addRows(vector, rows);
          new ScalarLoops().addRows(scalar, rows);
          String what = order + " width " + width + " rows " + count;
          assertArrayEquals(expected, vector, 0, what);
          assertArrayEquals(expected, scalar, 0, what);
        }
      }
    }
  }

  /** Stored rows must lie inside their buffer. */
  @Test void storedRowsStayInTheirBuffer() {
    ByteBuffer bytes = ByteBuffer.allocate(4 * 10);
    assertEquals(2, new StoredRows(bytes, 2, 2, 4).count());
    assertThrows(IndexOutOfBoundsException.class, () -> new StoredRows(bytes, 3, 2, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> new StoredRows(bytes, -1, 1, 4));
  }
}
