/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.junit.jupiter.api.Test;

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
